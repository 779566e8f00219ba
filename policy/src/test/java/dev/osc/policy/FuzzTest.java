package dev.osc.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Mutated policies and random inputs: the engine either answers or throws RegoException, never
 * anything else, and never hangs (each case is bounded in time far above its step limit).
 */
class FuzzTest {
  private static final Path POLICIES = Path.of("src/test/resources/differential/policies");
  private static final String[] FRAGMENTS = {
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "\"",
    ":=",
    "=",
    "==",
    " if ",
    " some ",
    " in ",
    " every ",
    " not ",
    " else ",
    "|",
    "&",
    "-",
    "+",
    "*",
    "/",
    "%",
    "\n",
    " x ",
    "_",
    "input.",
    "data.",
    "1e309",
    "-0",
    "\"\\u0000\"",
    "count(",
    "sprintf(\"%v\"," + " [",
    "regex.match(\"(\",",
    "default ",
    "package ",
    "import ",
    "print(",
    "`",
    "#"
  };
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> seeds() throws IOException {
    try (Stream<Path> files = Files.list(POLICIES)) {
      List<String> out = new ArrayList<>();
      for (Path p : files.filter(f -> f.toString().endsWith(".rego")).sorted().toList()) {
        out.add(Files.readString(p));
      }
      return out;
    }
  }

  private static String mutate(String source, Random r) {
    StringBuilder s = new StringBuilder(source);
    int edits = 1 + r.nextInt(4);
    for (int i = 0; i < edits && s.length() > 0; i++) {
      int at = r.nextInt(s.length());
      switch (r.nextInt(3)) {
        case 0 -> s.delete(at, Math.min(s.length(), at + 1 + r.nextInt(8)));
        case 1 -> s.insert(at, FRAGMENTS[r.nextInt(FRAGMENTS.length)]);
        default -> {
          int from = r.nextInt(s.length());
          int len = Math.min(s.length() - from, r.nextInt(40));
          s.insert(at, s.substring(from, from + len));
        }
      }
    }
    return s.toString();
  }

  private static JsonNode randomInput(Random r, int depth) {
    return switch (depth > 3 ? r.nextInt(4) : r.nextInt(6)) {
      case 0 -> JSON.getNodeFactory().textNode(Long.toString(r.nextLong(), 36));
      case 1 -> JSON.getNodeFactory().numberNode(r.nextInt(2000) - 1000);
      case 2 -> JSON.getNodeFactory().booleanNode(r.nextBoolean());
      case 3 -> JSON.getNodeFactory().nullNode();
      case 4 -> {
        var a = JSON.createArrayNode();
        for (int i = r.nextInt(4); i > 0; i--) {
          a.add(randomInput(r, depth + 1));
        }
        yield a;
      }
      default -> {
        var o = JSON.createObjectNode();
        for (String k : new String[] {"process", "Args", "OCI", "container_id", "storages"}) {
          if (r.nextBoolean()) {
            o.set(k, randomInput(r, depth + 1));
          }
        }
        yield o;
      }
    };
  }

  @Test
  void mutatedPoliciesAndRandomInputsNeverCrashOrHang() throws Exception {
    List<String> seeds = seeds();
    Random r = new Random(6);
    java.util.concurrent.atomic.AtomicInteger evaluated =
        new java.util.concurrent.atomic.AtomicInteger();
    ExecutorService runner =
        Executors.newSingleThreadExecutor(
            t -> {
              Thread th = new Thread(t, "fuzz");
              th.setDaemon(true);
              return th;
            });
    try {
      for (int i = 0; i < 5000; i++) {
        String source = mutate(seeds.get(r.nextInt(seeds.size())), r);
        JsonNode input = randomInput(r, 0);
        Future<?> run =
            runner.submit(
                () -> {
                  try {
                    Module m = Rego.parse(source, "fuzz.rego");
                    evaluated.incrementAndGet();
                    new Engine(List.of(m))
                        .withLimits(200_000, 100)
                        .evaluate(
                            "data.agent_policy.CreateContainerRequest",
                            input,
                            JSON.createObjectNode());
                  } catch (RegoException expected) {
                    // a refused policy or a failed evaluation, reported as such
                  }
                  return null;
                });
        try {
          run.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          fail("case %d hangs:%n%s", i, source);
        } catch (java.util.concurrent.ExecutionException e) {
          fail("case %d throws %s instead of RegoException:%n%s", i, e.getCause(), source);
        }
      }
    } finally {
      runner.shutdownNow();
    }
    // Enough mutants parse for the evaluator to be exercised, not just the parser.
    assertThat(evaluated.get()).isGreaterThan(500);
  }
}
