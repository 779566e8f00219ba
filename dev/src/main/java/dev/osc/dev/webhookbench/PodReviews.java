package dev.osc.dev.webhookbench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The AdmissionReview v1 requests of the benchmark: a CREATE of a peer pod (runtime class
 * kata-remote) whose containers each request and limit cpu and memory, as the API server would send
 * it. The same bytes go to every server.
 */
public final class PodReviews {
  public static final String RUNTIME_CLASS = "kata-remote";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PodReviews() {}

  public static byte[] create(int containers) {
    ObjectNode pod = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    pod.putObject("metadata")
        .put("name", "bench-" + containers)
        .put("namespace", "default")
        .putObject("labels")
        .put("app", "bench");
    ObjectNode spec = pod.putObject("spec").put("runtimeClassName", RUNTIME_CLASS);
    ArrayNode list = spec.putArray("containers");
    for (int i = 0; i < containers; i++) {
      ObjectNode c = list.addObject().put("name", "c" + i).put("image", "quay.io/example/app:1.0");
      c.putArray("command").add("/bin/app").add("--serve");
      c.putArray("ports").addObject().put("containerPort", 8080 + i).put("protocol", "TCP");
      ObjectNode resources = c.putObject("resources");
      resources.putObject("requests").put("cpu", "250m").put("memory", "256Mi");
      resources.putObject("limits").put("cpu", "500m").put("memory", "512Mi");
    }
    ObjectNode request =
        JSON.createObjectNode()
            .put(
                "uid",
                "00000000-0000-0000-0000-0000000000" + String.format("%02d", containers % 100));
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
    request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
    request.put("namespace", "default").put("operation", "CREATE");
    request.putObject("userInfo").put("username", "system:admin");
    request.set("object", pod);
    request.put("dryRun", false);
    ObjectNode review =
        JSON.createObjectNode()
            .put("apiVersion", "admission.k8s.io/v1")
            .put("kind", "AdmissionReview");
    review.set("request", request);
    try {
      return JSON.writeValueAsBytes(review);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
