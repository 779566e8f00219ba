package dev.osc.dev.webhookbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PatchSummaryTest {
  private static final byte[] REVIEW = PodReviews.create(2);

  private static KeepAliveConnection.Response allowed(String patch) {
    String body =
        "{\"response\":{\"uid\":\"u\",\"allowed\":true,\"patchType\":\"JSONPatch\","
            + "\"patch\":\""
            + Base64.getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8))
            + "\"}}";
    return new KeepAliveConnection.Response(200, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void describesOpsAndWhereTheyApply() throws Exception {
    PatchSummary p =
        PatchSummary.of(
            REVIEW,
            allowed(
                "["
                    + "{\"op\":\"remove\",\"path\":\"/spec/containers/0/resources/requests/cpu\"},"
                    + "{\"op\":\"remove\",\"path\":\"/spec/containers/1/resources/limits\"},"
                    + "{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"a\":\"1\"}}]"));
    assertThat(p.describe())
        .isEqualTo(
            "3 ops (add 1, remove 2) on /metadata/annotations" + " /spec/containers/*/resources");
  }

  @Test
  void tellsWhereThePatchedPodsDiffer() throws Exception {
    PatchSummary a =
        PatchSummary.of(
            REVIEW,
            allowed(
                "[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"a\":\"1\"}}]"));
    PatchSummary b =
        PatchSummary.of(
            REVIEW,
            allowed(
                "[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"a\":\"1\"}},"
                    + "{\"op\":\"add\",\"path\":\"/status\",\"value\":{}}]"));
    assertThat(a.differencesFrom(a)).isEmpty();
    assertThat(a.differencesFrom(b)).containsExactly("/status");
  }

  @Test
  void refusesAResponseWithoutAPatch() {
    var denied =
        new KeepAliveConnection.Response(
            200, "{\"response\":{\"allowed\":true}}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> PatchSummary.of(REVIEW, denied))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no JSON patch");
    var failed = new KeepAliveConnection.Response(400, "bad\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> PatchSummary.of(REVIEW, failed)).hasMessage("HTTP 400: bad");
  }
}
