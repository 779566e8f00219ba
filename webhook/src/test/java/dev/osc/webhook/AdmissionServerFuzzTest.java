package dev.osc.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mangled bodies, bounded and seeded (a failure names the seed and iteration): every
 * answer is 200 with a valid AdmissionReview for the request's uid, or 400 with one line; the
 * server stays up.
 */
class AdmissionServerFuzzTest {
  private static final long SEED = 0x05CL;
  private static final int ITERATIONS = 2_000;
  private static final ObjectMapper LENIENT = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] QUANTITIES = {
    "1",
    "2",
    "500m",
    "1.5Gi",
    "512Mi",
    "4Gi",
    "100M",
    "0",
    "-1",
    "1e3",
    "1e999",
    "1e-999999999",
    "lots",
    "",
    "1Ki",
    "0.000000001",
    "+1",
    "1.",
    "12345678901234567890123",
    "1Qi",
    "∞",
    "1 Gi"
  };
  private static final String[] RESOURCES = {
    "cpu", "memory", "nvidia.com/gpu", "kata.peerpods.io/vm", "ephemeral-storage"
  };

  @TempDir Path certDir;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard only
  void everyBodyGetsAValidReviewOrA400() throws IOException {
    Random random = new Random(SEED);
    Map<Integer, Integer> statuses = new TreeMap<>();
    try (RunningWebhook webhook = new RunningWebhook(certDir)) {
      webhook.kataConfigs.add("example-kataconfig");
      for (int i = 0; i < ITERATIONS; i++) {
        String path = random.nextBoolean() ? "/mutate-v1-pod" : "/validate-kataconfig";
        byte[] body = body(random, path);
        String where =
            "seed "
                + SEED
                + ", iteration "
                + i
                + ", "
                + path
                + ", body starting "
                + new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);

        HttpResponse<String> r = webhook.send("POST", path, body);

        statuses.merge(r.statusCode(), 1, Integer::sum);
        if (r.statusCode() == 200) {
          assertValidReview(r.body(), body, where);
        } else {
          assertThat(r.statusCode()).as(where).isEqualTo(400);
          assertThat(r.body()).as(where).endsWith("\n").hasLineCount(1).isNotBlank();
        }
      }
      assertThat(webhook.send("GET", "/healthz", null).body()).isEqualTo("ok\n");
    }
    assertThat(statuses).as("both outcomes reached").containsOnlyKeys(200, 400);
  }

  private static void assertValidReview(String answer, byte[] sent, String where) {
    JsonNode review = RunningWebhook.tree(answer);
    assertThat(review.path("apiVersion").asText()).as(where).isEqualTo("admission.k8s.io/v1");
    assertThat(review.path("kind").asText()).as(where).isEqualTo("AdmissionReview");
    JsonNode response = review.path("response");
    assertThat(response.path("uid").asText())
        .as(where)
        .isEqualTo(lenient(sent).path("request").path("uid").asText());
    assertThat(response.path("allowed").isBoolean()).as(where).isTrue();
    if (response.has("patch")) {
      assertThat(response.path("patchType").asText()).as(where).isEqualTo("JSONPatch");
      assertThat(
              RunningWebhook.tree(
                      new String(
                          Base64.getDecoder().decode(response.path("patch").asText()),
                          StandardCharsets.UTF_8))
                  .isArray())
          .as(where)
          .isTrue();
    }
    if (!response.path("allowed").asBoolean()) {
      assertThat(response.path("status").path("message").asText()).as(where).isNotBlank();
    }
  }

  private static JsonNode lenient(byte[] body) {
    try {
      return LENIENT.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("a 200 for a body that is not JSON", e);
    }
  }

  // --- bodies -------------------------------------------------------------------------------

  private static byte[] body(Random r, String path) {
    ObjectNode review = review(r, path);
    String json = review.toString();
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return switch (r.nextInt(12)) {
      case 0, 1 -> bytes;
      case 2 -> truncated(r, bytes);
      case 3 -> flipped(r, bytes);
      case 4 -> randomBytes(r, r.nextInt(2_000));
      case 5 -> deep(r, review);
      case 6 -> replaceRandomNode(r, review, hugeNumber(r));
      case 7 -> replaceRandomNode(r, review, anyValue(r));
      case 8 -> removeRandomField(r, review);
      case 9 ->
          json.replaceFirst("\"uid\":", "\"uid\":\"dup\",\"uid\":")
              .getBytes(StandardCharsets.UTF_8);
      case 10 ->
          json.replaceFirst("\\{", "{\"" + "x".repeat(r.nextInt(100_000)) + "\":1,")
              .getBytes(StandardCharsets.UTF_8);
      default ->
          replaceRandomNode(r, review, NODES.textNode(QUANTITIES[r.nextInt(QUANTITIES.length)]));
    };
  }

  private static ObjectNode review(Random r, String path) {
    ObjectNode review = NODES.objectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", "uid-" + r.nextInt(1_000_000));
    String[] operations = {"CREATE", "UPDATE", "DELETE", "CONNECT", "x"};
    request.put("operation", operations[r.nextInt(operations.length)]);
    // Now and then the other webhook's kind, which must be refused.
    boolean pod = path.equals("/mutate-v1-pod") == r.nextInt(10) > 0;
    request.set("object", pod ? pod(r) : kataConfig(r));
    return review;
  }

  private static ObjectNode pod(Random r) {
    ObjectNode pod = NODES.objectNode().put("apiVersion", "v1").put("kind", "Pod");
    ObjectNode meta = pod.putObject("metadata").put("name", "p").put("namespace", "ns");
    if (r.nextBoolean()) {
      meta.putObject("annotations")
          .put("io.katacontainers.config.hypervisor.default_vcpus", String.valueOf(r.nextInt(8)));
    }
    ObjectNode spec = pod.putObject("spec");
    spec.put("runtimeClassName", r.nextInt(4) > 0 ? "kata-remote" : "kata");
    containers(r, spec.putArray("initContainers"), r.nextInt(3));
    containers(r, spec.putArray("containers"), 1 + r.nextInt(4));
    return pod;
  }

  private static void containers(Random r, ArrayNode list, int n) {
    for (int i = 0; i < n; i++) {
      ObjectNode c = list.addObject().put("name", "c" + i).put("image", "busybox");
      if (r.nextInt(4) == 0) {
        c.put("restartPolicy", "Always");
      }
      if (r.nextInt(5) > 0) {
        ObjectNode resources = c.putObject("resources");
        for (String kind : new String[] {"requests", "limits"}) {
          if (r.nextBoolean()) {
            ObjectNode m = resources.putObject(kind);
            for (int k = r.nextInt(3); k >= 0; k--) {
              m.put(
                  RESOURCES[r.nextInt(RESOURCES.length)],
                  QUANTITIES[r.nextInt(4 + r.nextInt(QUANTITIES.length - 4))]);
            }
          }
        }
      }
    }
  }

  private static ObjectNode kataConfig(Random r) {
    ObjectNode kc =
        NODES
            .objectNode()
            .put("apiVersion", "kataconfiguration.openshift.io/v1")
            .put("kind", "KataConfig");
    kc.putObject("metadata").put("name", r.nextBoolean() ? "example-kataconfig" : "other");
    ObjectNode spec = kc.putObject("spec");
    spec.put("logLevel", new String[] {"info", "debug", "loud", ""}[r.nextInt(4)]);
    spec.put("enablePeerPods", r.nextBoolean());
    if (r.nextBoolean()) {
      ObjectNode selector = spec.putObject("kataConfigPoolSelector");
      selector.putObject("matchLabels").put(r.nextBoolean() ? "role" : "-bad/", "x");
      selector
          .putArray("matchExpressions")
          .addObject()
          .put("key", "zone")
          .put("operator", new String[] {"In", "Exists", "Near"}[r.nextInt(3)]);
    }
    return kc;
  }

  private static byte[] truncated(Random r, byte[] b) {
    return Arrays.copyOf(b, r.nextInt(b.length));
  }

  private static byte[] flipped(Random r, byte[] b) {
    byte[] copy = b.clone();
    for (int i = 1 + r.nextInt(10); i > 0; i--) {
      copy[r.nextInt(copy.length)] = (byte) r.nextInt(256);
    }
    return copy;
  }

  private static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  /** The object or the whole body inside thousands of arrays or objects. */
  private static byte[] deep(Random r, ObjectNode review) {
    int depth = 1 + r.nextInt(5_000);
    boolean arrays = r.nextBoolean();
    String inner = r.nextBoolean() ? review.path("request").path("object").toString() : "1";
    String open = arrays ? "[" : "{\"a\":";
    String close = arrays ? "]" : "}";
    String nested = open.repeat(depth) + inner + close.repeat(depth);
    String body =
        r.nextBoolean()
            ? nested
            : review.toString().replace(review.path("request").path("object").toString(), nested);
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode hugeNumber(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> NODES.numberNode(new BigDecimal("1e999999"));
      case 1 -> NODES.numberNode(new BigInteger("9".repeat(1 + r.nextInt(2_000))));
      case 2 -> NODES.numberNode(-Double.MAX_VALUE);
      default -> NODES.numberNode(new BigDecimal("-1e-999999"));
    };
  }

  private static JsonNode anyValue(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(r.nextBoolean());
      case 2 -> NODES.numberNode(r.nextInt());
      case 3 -> NODES.textNode(new String(randomBytes(r, r.nextInt(20)), StandardCharsets.UTF_8));
      case 4 -> NODES.arrayNode().add(1).add("x");
      default -> NODES.objectNode().put("k", "v");
    };
  }

  private static byte[] replaceRandomNode(Random r, ObjectNode review, JsonNode value) {
    List<JsonNode> parents = containers(review);
    JsonNode parent = parents.get(r.nextInt(parents.size()));
    if (parent instanceof ObjectNode o && o.size() > 0) {
      o.set(nth(o.fieldNames(), r.nextInt(o.size())), value);
    } else if (parent instanceof ArrayNode a && a.size() > 0) {
      a.set(r.nextInt(a.size()), value);
    }
    return review.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] removeRandomField(Random r, ObjectNode review) {
    List<JsonNode> objects = containers(review).stream().filter(JsonNode::isObject).toList();
    ObjectNode o = (ObjectNode) objects.get(r.nextInt(objects.size()));
    if (o.size() > 0) {
      o.remove(nth(o.fieldNames(), r.nextInt(o.size())));
    }
    return review.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Every object and array in the tree. */
  private static List<JsonNode> containers(JsonNode root) {
    List<JsonNode> all = new ArrayList<>();
    List<JsonNode> todo = new ArrayList<>(List.of(root));
    while (!todo.isEmpty()) {
      JsonNode n = todo.remove(todo.size() - 1);
      if (n.isContainerNode()) {
        all.add(n);
        n.elements().forEachRemaining(todo::add);
      }
    }
    return all;
  }

  private static String nth(Iterator<String> names, int n) {
    for (int i = 0; i < n; i++) {
      names.next();
    }
    return names.next();
  }
}
