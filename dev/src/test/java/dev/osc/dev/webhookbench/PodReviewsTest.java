package dev.osc.dev.webhookbench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PodReviewsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aCreateOfAPeerPodWithRequestsAndLimits() throws Exception {
    JsonNode review = JSON.readTree(PodReviews.create(20));
    assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
    JsonNode request = review.path("request");
    assertThat(request.path("uid").asText()).isNotEmpty();
    assertThat(request.path("operation").asText()).isEqualTo("CREATE");
    JsonNode pod = request.path("object");
    assertThat(pod.path("kind").asText()).isEqualTo("Pod");
    assertThat(pod.path("spec").path("runtimeClassName").asText()).isEqualTo("kata-remote");
    JsonNode containers = pod.path("spec").path("containers");
    assertThat(containers).hasSize(20);
    for (JsonNode c : containers) {
      assertThat(c.path("resources").path("requests").path("cpu").asText()).isEqualTo("250m");
      assertThat(c.path("resources").path("limits").path("memory").asText()).isEqualTo("512Mi");
    }
  }

  @Test
  void theSameBytesEveryTime() {
    assertThat(PodReviews.create(1)).isEqualTo(PodReviews.create(1));
  }

  @Test
  void aRequestCarriesTheWholeBody() {
    byte[] body = PodReviews.create(1);
    String request =
        new String(
            KeepAliveConnection.post("127.0.0.1", 9443, "/mutate-v1-pod", body),
            StandardCharsets.UTF_8);
    assertThat(request)
        .startsWith("POST /mutate-v1-pod HTTP/1.1\r\n")
        .contains("\r\nContent-Length: " + body.length + "\r\n")
        .endsWith("\r\n\r\n" + new String(body, StandardCharsets.UTF_8));
  }
}
