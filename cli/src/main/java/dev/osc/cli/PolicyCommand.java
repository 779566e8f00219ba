package dev.osc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.osc.initdata.InitdataAnnotation;
import dev.osc.policy.RegoException;
import dev.osc.policy.agent.AgentPolicy;
import dev.osc.policy.agent.Decision;
import dev.osc.policy.agent.PolicyLint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    subcommands = {
      PolicyCommand.Eval.class,
      PolicyCommand.Annotate.class,
      PolicyCommand.Lint.class
    },
    description = {
      "Works with Kata agent policies (docs 3.5, 6.2.9): the Rego document the agent in every"
          + " peer pod VM consults for each agent API call, evaluated here by our own engine.",
      "",
      "Exit codes: 0 ok (eval: allowed), 1 eval: denied, 2 bad input.",
      ""
    })
final class PolicyCommand {
  /** The pod annotation carrying a policy, base64. */
  static final String POLICY_ANNOTATION = "io.katacontainers.config.agent.policy";

  @Command(
      name = "eval",
      mixinStandardHelpOptions = true,
      description = {
        "Decides one agent request as the agent would.",
        "",
        "Example: osc policy eval policy.rego ExecProcessRequest exec.json",
        "  (exec.json: {\"process\": {\"Args\": [\"/bin/sh\"]}})",
        ""
      })
  static final class Eval implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "POLICY")
    Path policy;

    @Parameters(
        index = "1",
        paramLabel = "REQUEST",
        description = "The request name, e.g. CreateContainerRequest.")
    String request;

    @Parameters(index = "2", paramLabel = "INPUT", description = "The request as JSON (file).")
    Path input;

    @Override
    public Integer call() {
      try {
        JsonNode json = new ObjectMapper().readTree(Files.readString(input));
        Decision d = AgentPolicy.of(Files.readString(policy)).decide(request, json);
        d.prints().forEach(p -> System.out.println("print: " + p));
        System.out.println(d.allowed() ? request + " is allowed" : d.message());
        return d.allowed() ? 0 : 1;
      } catch (IOException | RegoException e) {
        System.err.println("osc policy eval: " + e.getMessage());
        return 2;
      }
    }
  }

  @Command(
      name = "annotate",
      mixinStandardHelpOptions = true,
      description = {
        "Prints the pod annotation that carries a policy: "
            + POLICY_ANNOTATION
            + " (base64), or with --initdata an initdata document holding"
            + " it, as the "
            + InitdataAnnotation.NAME
            + " annotation.",
        ""
      })
  static final class Annotate implements Callable<Integer> {
    @Parameters(paramLabel = "POLICY")
    Path policy;

    @Option(names = "--initdata", description = "Carry it in initdata (confidential pods).")
    boolean initdata;

    @Override
    public Integer call() {
      try {
        String rego = Files.readString(policy);
        AgentPolicy.of(rego);
        if (initdata) {
          String toml =
              "version = \"0.1.0\"\nalgorithm = \"sha256\"\n\n[data]\n"
                  + "\"policy.rego\" = '''\n"
                  + rego
                  + (rego.endsWith("\n") ? "" : "\n")
                  + "'''\n";
          System.out.println(
              InitdataAnnotation.NAME
                  + ": "
                  + InitdataAnnotation.encode(toml.getBytes(StandardCharsets.UTF_8)));
        } else {
          System.out.println(
              POLICY_ANNOTATION
                  + ": "
                  + Base64.getEncoder().encodeToString(rego.getBytes(StandardCharsets.UTF_8)));
        }
        return 0;
      } catch (IOException | RegoException e) {
        System.err.println("osc policy annotate: " + e.getMessage());
        return 2;
      }
    }
  }

  @Command(
      name = "lint",
      mixinStandardHelpOptions = true,
      description = {
        "Warns of what a production policy must not do: exec allowed for any"
            + " command, failures let through, rules no request queries. Exit 0 without warnings,"
            + " 1 with.",
        ""
      })
  static final class Lint implements Callable<Integer> {
    @Parameters(paramLabel = "POLICY")
    Path policy;

    @Override
    public Integer call() {
      try {
        List<String> warnings =
            PolicyLint.warnings(Files.readString(policy), policy.getFileName().toString());
        warnings.forEach(w -> System.out.println("warning: " + w));
        return warnings.isEmpty() ? 0 : 1;
      } catch (IOException | RegoException e) {
        System.err.println("osc policy lint: " + e.getMessage());
        return 2;
      }
    }
  }
}
