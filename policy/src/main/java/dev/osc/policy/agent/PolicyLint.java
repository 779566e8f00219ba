package dev.osc.policy.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.osc.policy.Module;
import dev.osc.policy.Rego;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a policy should not do in production (docs 3.5: "As a minimum requirement, you must disable
 * ExecProcessRequest"): exec allowed for any command, failures let through, and rules no request
 * will ever query (a misspelt name silently falls back to the default).
 */
public final class PolicyLint {
  private PolicyLint() {}

  /** A command no production policy allows: a shell. */
  static final Map<String, Object> SHELL_EXEC =
      Map.of(
          "container_id",
          "lint",
          "exec_id",
          "lint",
          "process",
          Map.of(
              "Args",
              List.of("/bin/sh", "-c", "cat /etc/shadow"),
              "Env",
              List.of(),
              "Cwd",
              "/",
              "Terminal",
              true));

  public static List<String> warnings(String regoSource, String fileName) {
    Module module = Rego.parse(regoSource, fileName);
    List<String> out = new ArrayList<>();
    AgentPolicy policy = AgentPolicy.of(regoSource);
    if (policy
        .decide(AgentRequests.EXEC_PROCESS, new ObjectMapper().valueToTree(SHELL_EXEC))
        .allowed()) {
      out.add(
          fileName
              + ": "
              + AgentRequests.EXEC_PROCESS
              + " allows any command (a shell"
              + " here): in production, exec must be denied unless the command is one you allow");
    }
    if (policy.allowsFailures()) {
      out.add(
          fileName
              + ": "
              + AgentRequests.ALLOW_REQUESTS_FAILING_POLICY
              + " is true: every"
              + " denial and error is let through");
    }
    // Requests are the CamelCase names; helper rules are snake_case by convention.
    for (String name : module.ruleNames()) {
      // Legacy names stay in the docs' own default policy: harmless, not worth a warning.
      if (Character.isUpperCase(name.charAt(0))
          && !AgentRequests.ALL.contains(name)
          && !AgentRequests.LEGACY.contains(name)
          && !name.equals(AgentRequests.ALLOW_REQUESTS_FAILING_POLICY)) {
        out.add(
            fileName + ": rule " + name + " is not a request the agent queries" + " (misspelt?)");
      }
    }
    return out;
  }
}
