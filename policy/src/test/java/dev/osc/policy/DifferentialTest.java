package dev.osc.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Differential test of our Rego engine against regorus, the Rego engine inside the Kata agent
 * (testbed/regorus-cli, regorus version pinned in its Cargo.toml/Cargo.lock).
 *
 * <p>The corpus is {@code differential/cases.jsonl} (made by {@code differential/gen_cases.py},
 * seeded, re-runnable), over the policies in {@code differential/policies/}. All cases go through
 * one regorus-cli process; each is then evaluated with our {@link Engine}, and the two must agree
 * on the value (JSON equality, numbers by value; absent = undefined), on the {@code print} output
 * (compared without the {@code file:line: } prefix regorus puts in front of each line) and on
 * errors: where regorus reports an error, ours must raise too (the message may differ).
 *
 * <p>The regorus-cli binary comes from {@code -Dosc.regorus.cli} / {@code OSC_REGORUS_CLI}, or is
 * built by {@code scripts/regorus-cli.sh}; without cargo the comparison is skipped (one line).
 *
 * <p>Cases marked {@code known_divergence} (documented regorus quirks, and the Rego v0/v1 choice)
 * are reported but never fail the test.
 */
class DifferentialTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROOT = "/differential/";
  private static final int SCRIPT_NO_CARGO = 2;
  private static final int MAX_STEPS = 5_000_000;
  private static final int MAX_DEPTH = 1_000;
  private static final int REPORTED = 20;

  /** regorus prefixes each gathered print line with "file:line: ". */
  private static final Pattern PRINT_LOCATION = Pattern.compile("^[^\\s:]+:\\d+: ");

  record Case(
      String id,
      String policyFile,
      String query,
      JsonNode input,
      JsonNode data,
      Boolean regoV0,
      String knownDivergence) {}

  /** One engine's answer: an error, or an optional value with the print lines. */
  record Outcome(Optional<JsonNode> value, List<String> prints, String error) {
    boolean failed() {
      return error != null;
    }

    @Override
    public String toString() {
      if (failed()) return "error: " + error;
      return "value=" + value.map(JsonNode::toString).orElse("<undefined>") + " prints=" + prints;
    }
  }

  @Test
  void corpusIsWellFormed() throws IOException {
    List<Case> cases = loadCases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(500);
    Set<String> ids = new HashSet<>();
    for (Case c : cases) {
      assertThat(ids.add(c.id())).as("duplicate case id %s", c.id()).isTrue();
      assertThat(DifferentialTest.class.getResource(ROOT + "policies/" + c.policyFile()))
          .as("policy file of %s", c.id())
          .isNotNull();
      assertThat(c.query()).startsWith("data.agent_policy.");
    }
  }

  @Test
  void ourEngineAgreesWithRegorus() throws Exception {
    Optional<Path> cli = locateRegorusCli();
    Assumptions.assumeTrue(
        cli.isPresent(), "cargo is not installed: the Rego engine is not compared with regorus");

    List<Case> cases = loadCases();
    Map<String, String> sources = new HashMap<>();
    for (Case c : cases) sources.computeIfAbsent(c.policyFile(), DifferentialTest::policySource);

    Map<String, Outcome> expected = runRegorus(cli.get(), cases, sources);

    Map<String, Object> engines = new HashMap<>(); // policy file -> Engine or the parse failure
    List<String> mismatches = new ArrayList<>();
    Map<String, Integer> categories = new java.util.TreeMap<>(); // "policy: why" -> count
    List<String> known = new ArrayList<>();
    int agreed = 0;
    for (Case c : cases) {
      Outcome theirs = expected.get(c.id());
      if (theirs == null) {
        mismatches.add(c.id() + " [" + c.policyFile() + "]: regorus-cli gave no answer");
        continue;
      }
      Outcome ours = evaluate(engines, sources, c);
      String why = disagreement(ours, theirs);
      if (why == null) {
        agreed++;
        if (c.knownDivergence() != null)
          known.add(c.id() + ": agrees (" + c.knownDivergence() + ")");
        continue;
      }
      String report =
          c.id()
              + " ["
              + c.policyFile()
              + " "
              + c.query()
              + "]: "
              + why
              + "\n    ours:    "
              + clip(ours.toString())
              + "\n    regorus: "
              + clip(theirs.toString());
      if (c.knownDivergence() != null) known.add(report + "\n    known: " + c.knownDivergence());
      else {
        mismatches.add(report);
        categories.merge(c.policyFile() + ": " + why, 1, Integer::sum);
      }
    }

    System.out.printf(
        "DifferentialTest: %d cases, %d agree with regorus, %d known divergences, %d mismatches%n",
        cases.size(), agreed, known.size(), mismatches.size());
    known.forEach(k -> System.out.println("DifferentialTest: known divergence " + k));
    categories.forEach((k, n) -> System.out.printf("DifferentialTest: %4d x %s%n", n, k));
    writeReport(mismatches);
    if (!mismatches.isEmpty()) {
      StringBuilder msg =
          new StringBuilder()
              .append(mismatches.size())
              .append(" of ")
              .append(cases.size())
              .append(" cases disagree with regorus");
      if (mismatches.size() > REPORTED) msg.append(" (first ").append(REPORTED).append(" shown)");
      msg.append(":\n");
      mismatches.stream().limit(REPORTED).forEach(m -> msg.append(m).append('\n'));
      throw new AssertionError(msg.toString());
    }
  }

  /** All mismatches, for reading beyond the first few (target/differential-mismatches.txt). */
  private static void writeReport(List<String> mismatches) throws IOException {
    Path target = Path.of("target");
    if (Files.isDirectory(target))
      Files.writeString(
          target.resolve("differential-mismatches.txt"), String.join("\n", mismatches));
  }

  // ------------------------------------------------------------------ our side

  private static Outcome evaluate(
      Map<String, Object> engines, Map<String, String> sources, Case c) {
    Object engine =
        engines.computeIfAbsent(
            c.policyFile(),
            f -> {
              try {
                return new Engine(List.of(Rego.parse(sources.get(f), f)))
                    .withLimits(MAX_STEPS, MAX_DEPTH);
              } catch (RuntimeException | StackOverflowError e) {
                return e;
              }
            });
    if (engine instanceof Throwable t) return new Outcome(Optional.empty(), List.of(), describe(t));
    try {
      Evaluation r = ((Engine) engine).evaluate(c.query(), c.input(), c.data());
      return new Outcome(r.value(), List.copyOf(r.prints()), null);
    } catch (RuntimeException | StackOverflowError e) {
      return new Outcome(Optional.empty(), List.of(), describe(e));
    }
  }

  private static String describe(Throwable t) {
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /** Why the two outcomes differ, or null when they agree. */
  static String disagreement(Outcome ours, Outcome theirs) {
    if (theirs.failed()) return ours.failed() ? null : "regorus raised an error, ours did not";
    if (ours.failed()) return "ours raised an error, regorus did not";
    if (ours.value().isPresent() != theirs.value().isPresent())
      return ours.value().isPresent()
          ? "ours is defined, regorus is undefined"
          : "ours is undefined, regorus is defined";
    if (ours.value().isPresent() && !sameJson(ours.value().get(), theirs.value().get()))
      return "values differ";
    if (!normalisedPrints(ours.prints()).equals(normalisedPrints(theirs.prints())))
      return "prints differ";
    return null;
  }

  static List<String> normalisedPrints(List<String> prints) {
    return prints.stream().map(p -> PRINT_LOCATION.matcher(p).replaceFirst("")).toList();
  }

  /** JSON equality, except that numbers are compared by value (2 == 2.0). */
  static boolean sameJson(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) return false;
      for (int i = 0; i < a.size(); i++) if (!sameJson(a.get(i), b.get(i))) return false;
      return true;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) return false;
      for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode other = b.get(e.getKey());
        if (other == null || !sameJson(e.getValue(), other)) return false;
      }
      return true;
    }
    return a.equals(b);
  }

  private static String clip(String s) {
    return s.length() <= 800 ? s : s.substring(0, 800) + "… (" + s.length() + " chars)";
  }

  // ------------------------------------------------------------------ regorus side

  private static Map<String, Outcome> runRegorus(
      Path cli, List<Case> cases, Map<String, String> sources) throws Exception {
    Path dir = Files.createTempDirectory("osc-regorus-diff");
    try {
      Path in = dir.resolve("in.jsonl");
      Path out = dir.resolve("out.jsonl");
      Path err = dir.resolve("err.txt");
      StringBuilder lines = new StringBuilder();
      for (Case c : cases) {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", c.id());
        line.put("file", c.policyFile());
        line.put("policy", sources.get(c.policyFile()));
        line.put("query", c.query());
        line.set("input", c.input());
        line.set("data", c.data());
        if (c.regoV0() != null) line.put("rego_v0", c.regoV0());
        lines.append(JSON.writeValueAsString(line)).append('\n');
      }
      Files.writeString(in, lines, StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(cli.toString())
              .redirectInput(in.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly().waitFor();
        throw new IOException(cli + " did not finish the corpus within 5 minutes");
      }
      if (p.exitValue() != 0)
        throw new IOException(
            cli + " exited with status " + p.exitValue() + ": " + clip(Files.readString(err)));
      Map<String, Outcome> outcomes = new LinkedHashMap<>();
      for (String l : Files.readAllLines(out, StandardCharsets.UTF_8)) {
        if (l.isBlank()) continue;
        JsonNode r = JSON.readTree(l);
        List<String> prints = new ArrayList<>();
        r.path("prints").forEach(x -> prints.add(x.asText()));
        String error = r.hasNonNull("error") ? r.get("error").asText() : null;
        outcomes.put(
            r.path("id").asText(), new Outcome(Optional.ofNullable(r.get("value")), prints, error));
      }
      return outcomes;
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    }
  }

  /**
   * The regorus-cli binary, or empty when it cannot be had because cargo is not installed (or the
   * script is not around). A failing build is an exception, not a reason to skip.
   */
  static Optional<Path> locateRegorusCli() throws IOException, InterruptedException {
    String given = System.getProperty("osc.regorus.cli", System.getenv("OSC_REGORUS_CLI"));
    if (given != null && !given.isBlank()) {
      Path p = Path.of(given);
      if (!Files.isExecutable(p))
        throw new IOException("regorus-cli " + p + " is not an executable file");
      return Optional.of(p);
    }
    Path script = null;
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("scripts/regorus-cli.sh");
      if (Files.isExecutable(candidate)) {
        script = candidate;
        break;
      }
    }
    if (script == null) return Optional.empty();
    Process p =
        new ProcessBuilder(script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int rc = p.waitFor();
    if (rc == SCRIPT_NO_CARGO) return Optional.empty();
    if (rc != 0 || out.isEmpty()) throw new IOException(script + " failed with exit status " + rc);
    return Optional.of(Path.of(out));
  }

  // ------------------------------------------------------------------ corpus

  static List<Case> loadCases() throws IOException {
    List<Case> cases = new ArrayList<>();
    try (InputStream s = DifferentialTest.class.getResourceAsStream(ROOT + "cases.jsonl")) {
      if (s == null) throw new IOException("no " + ROOT + "cases.jsonl on the test class path");
      BufferedReader r = new BufferedReader(new InputStreamReader(s, StandardCharsets.UTF_8));
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        if (l.isBlank()) continue;
        JsonNode n = JSON.readTree(l);
        cases.add(
            new Case(
                n.get("id").asText(),
                n.get("policy_file").asText(),
                n.get("query").asText(),
                n.get("input"),
                n.get("data"),
                n.has("rego_v0") ? n.get("rego_v0").asBoolean() : null,
                n.hasNonNull("known_divergence") ? n.get("known_divergence").asText() : null));
      }
    }
    return cases;
  }

  private static String policySource(String file) {
    try (InputStream s = DifferentialTest.class.getResourceAsStream(ROOT + "policies/" + file)) {
      if (s == null) throw new IllegalStateException("no policy " + file);
      return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
