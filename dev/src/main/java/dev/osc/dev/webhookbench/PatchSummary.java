package dev.osc.dev.webhookbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.zjsonpatch.JsonDiff;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a server's admission response does: checked to be an allowed JSON patch, applied to the pod
 * of the request, described in one line, so that a reader sees both servers do comparable work.
 */
public record PatchSummary(JsonNode patch, JsonNode patchedPod) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fails with the reason when the response is not an allowed JSON patch for that request. */
  public static PatchSummary of(byte[] review, KeepAliveConnection.Response response)
      throws IOException {
    if (response.status() != 200) {
      throw new IOException(
          "HTTP "
              + response.status()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8).strip());
    }
    JsonNode reply = JSON.readTree(response.body()).path("response");
    if (!reply.path("allowed").asBoolean()) {
      throw new IOException("not allowed: " + reply);
    }
    if (!reply.path("patchType").asText().equals("JSONPatch") || !reply.hasNonNull("patch")) {
      throw new IOException("no JSON patch in the response: " + reply);
    }
    JsonNode patch = JSON.readTree(Base64.getDecoder().decode(reply.path("patch").asText()));
    JsonNode pod = JSON.readTree(review).path("request").path("object");
    return new PatchSummary(patch, JsonPatch.apply(patch, pod));
  }

  /**
   * "N ops (add a, remove r) on /metadata/annotations /spec/containers/*&#47;resources": the paths
   * cut after four segments, container indexes as *.
   */
  public String describe() {
    Map<String, Integer> ops = new TreeMap<>();
    TreeSet<String> paths = new TreeSet<>();
    for (JsonNode op : patch) {
      ops.merge(op.path("op").asText(), 1, Integer::sum);
      paths.add(
          op.path("path")
              .asText()
              .replaceAll("/[0-9]+(?=/|$)", "/*")
              .replaceAll("^((?:/[^/]*){1,4}).*", "$1"));
    }
    StringBuilder s = new StringBuilder().append(patch.size()).append(" ops (");
    ops.forEach((op, n) -> s.append(op).append(' ').append(n).append(", "));
    s.setLength(s.length() - 2);
    return s.append(") on ").append(String.join(" ", paths)).toString();
  }

  /** Where the pods the two patches make differ, as JSON pointers; empty when they are equal. */
  public NavigableSet<String> differencesFrom(PatchSummary other) {
    TreeSet<String> where = new TreeSet<>();
    JsonDiff.asJson(other.patchedPod, patchedPod)
        .forEach(op -> where.add(op.path("path").asText()));
    return where;
  }
}
