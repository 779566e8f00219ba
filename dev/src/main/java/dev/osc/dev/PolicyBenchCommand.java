package dev.osc.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osc.cli.Logging;
import dev.osc.policy.Engine;
import dev.osc.policy.Module;
import dev.osc.policy.Rego;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = {
      "Measures our Rego engine against regorus, the engine of the Kata agent, in one run and"
          + " on the same inputs: the parse time of a policy of about 2,000 lines, and the"
          + " evaluation time of CreateContainerRequest, ExecProcessRequest and ReadStreamRequest"
          + " on a genpolicy-style policy (policy loaded once, one evaluation per request, as"
          + " the agent does). Medians after warm-up; ratios ours/regorus.",
      "",
      "regorus runs as testbed/regorus-cli (built by scripts/regorus-cli.sh, needs cargo);"
          + " without it only ours is measured.",
      ""
    })
final class PolicyBenchCommand implements Callable<Integer> {
  @Option(
      names = "--iterations",
      defaultValue = "2000",
      description = "Measured evaluations per request (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(
      names = "--regorus",
      paramLabel = "BINARY",
      description =
          "The regorus-cli binary"
              + " (default: $OSC_REGORUS_CLI, else built by scripts/regorus-cli.sh when cargo is"
              + " installed).")
  Path regorus;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PARSE_RUNS = 30;

  @Override
  public Integer call() throws Exception {
    Logging.level("WARN");
    String genpolicy = resource("genpolicy-style.rego");
    String large = largePolicy(genpolicy);
    JsonNode requests = JSON.readTree(resource("genpolicy-requests.json"));
    Optional<Path> cli = regorusCli();

    System.out.printf(
        "Rego engines, medians: ours (Java) vs regorus %s%n",
        cli.map(p -> "(" + p + ")").orElse("(not available: only ours)"));
    System.out.printf("%-34s %12s %12s %8s%n", "", "ours", "regorus", "ratio");
    long oursParse = parseMedian(large);
    Map<String, long[]> theirs =
        cli.isPresent() ? regorus(cli.get(), large, genpolicy, requests) : Map.of();
    row("parse, " + large.lines().count() + " lines", oursParse, theirs.get("parse"));
    Engine engine = new Engine(List.of(Rego.parse(genpolicy, "genpolicy-style.rego")));
    for (Iterator<String> it = requests.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      JsonNode r = requests.get(name);
      row("evaluate " + name, evalMedian(engine, name, r), theirs.get(name));
    }
    return 0;
  }

  private static void row(String what, long ours, long[] theirs) {
    if (theirs == null) {
      System.out.printf("%-34s %10.1fus %12s %8s%n", what, ours / 1e3, "-", "-");
    } else {
      System.out.printf(
          "%-34s %10.1fus %10.1fus %8.2f%n",
          what, ours / 1e3, theirs[0] / 1e3, (double) ours / theirs[0]);
    }
  }

  private long parseMedian(String source) {
    long[] t = new long[PARSE_RUNS];
    for (int i = 0; i < PARSE_RUNS * 2; i++) {
      long start = System.nanoTime();
      Module m = Rego.parse(source, "large.rego");
      long took = System.nanoTime() - start;
      if (i >= PARSE_RUNS && m != null) {
        t[i - PARSE_RUNS] = took;
      }
    }
    return median(t);
  }

  private long evalMedian(Engine engine, String request, JsonNode r) {
    String ref = "data.agent_policy." + request;
    JsonNode input = r.get("input");
    JsonNode data =
        r.has("data") && !r.get("data").isNull() ? r.get("data") : JSON.createObjectNode();
    for (int i = 0; i < iterations; i++) {
      engine.evaluate(ref, input, data);
    }
    long[] t = new long[iterations];
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      engine.evaluate(ref, input, data);
      t[i] = System.nanoTime() - start;
    }
    return median(t);
  }

  /** regorus-cli's bench mode: {"parse": [ns], request: [ns]}. */
  private Map<String, long[]> regorus(Path cli, String large, String genpolicy, JsonNode requests)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cli.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
      ObjectNode parse =
          JSON.createObjectNode()
              .put("id", "parse")
              .put("policy", large)
              .put("query", "data.agent_policy.ReadStreamRequest")
              .put("bench", PARSE_RUNS);
      in.write(parse + "\n");
      for (Iterator<String> it = requests.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        ObjectNode c =
            JSON.createObjectNode()
                .put("id", name)
                .put("policy", genpolicy)
                .put("query", "data.agent_policy." + name)
                .put("bench", iterations);
        c.set("input", requests.get(name).get("input"));
        c.set("data", requests.get(name).get("data"));
        in.write(c + "\n");
      }
    }
    Map<String, long[]> out = new java.util.HashMap<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        JsonNode reply = JSON.readTree(line);
        String id = reply.get("id").asText();
        out.put(id, new long[] {reply.get(id.equals("parse") ? "parse_ns" : "eval_ns").asLong()});
      }
    }
    p.waitFor();
    return out;
  }

  private Optional<Path> regorusCli() throws IOException, InterruptedException {
    if (regorus != null) {
      return Optional.of(regorus);
    }
    String env = System.getenv("OSC_REGORUS_CLI");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return Optional.of(Path.of(env));
    }
    Path script = Path.of("scripts/regorus-cli.sh");
    if (!Files.isExecutable(script)) {
      return Optional.empty();
    }
    Process p =
        new ProcessBuilder(script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String path = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return p.waitFor() == 0 && !path.isEmpty() ? Optional.of(Path.of(path)) : Optional.empty();
  }

  /**
   * The genpolicy-style policy grown to about 2,000 lines with helper rules of the same kind
   * (mount, process and storage checks), each block renamed so that all are distinct.
   */
  static String largePolicy(String genpolicy) {
    StringBuilder s = new StringBuilder(genpolicy);
    for (int k = 0; s.toString().lines().count() < 2000; k++) {
      s.append(
          """

          bench_mount_%1$d(p_mounts, i_mount) if {
          	some p_mount in p_mounts
          	p_mount.destination == i_mount.destination
          	regex.match(p_mount.source, i_mount.source)
          	every o in i_mount.options {
          		o in p_mount.options
          	}
          }

          bench_args_%1$d(p_args, i_args) if {
          	count(p_args) == count(i_args)
          	every i, a in i_args {
          		regex.match(sprintf("^%%s$", [p_args[i]]), a)
          	}
          }
          """
              .formatted(k));
    }
    return s.toString();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = PolicyBenchCommand.class.getResourceAsStream("/bench/" + name)) {
      if (in == null) {
        throw new IOException("bench resource " + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static long median(long[] t) {
    long[] s = t.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
