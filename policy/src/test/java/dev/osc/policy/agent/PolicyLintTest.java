package dev.osc.policy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PolicyLintTest {
  private static final String ALLOW_ALL_BUT_EXEC =
      """
      package agent_policy

      default CreateContainerRequest := true
      default ExecProcessRequest := false
      default ReadStreamRequest := false
      """;

  @Test
  void aProductionStylePolicyHasNoWarnings() {
    assertThat(PolicyLint.warnings(ALLOW_ALL_BUT_EXEC, "policy.rego")).isEmpty();
  }

  @Test
  void warnsOfExecForAnyCommandFailuresLetThroughAndNamesNoRequestHas() {
    String risky =
        """
        package agent_policy

        default ExecProcessRequest := true
        default AllowRequestsFailingPolicy := true
        default CreateContainerRequets := true
        default PullImageRequest := true
        """;
    assertThat(PolicyLint.warnings(risky, "risky.rego"))
        .containsExactly(
            "risky.rego: ExecProcessRequest allows any command (a shell here): in production, exec"
                + " must be denied unless the command is one you allow",
            "risky.rego: AllowRequestsFailingPolicy is true: every denial and error is let through",
            "risky.rego: rule CreateContainerRequets is not a request the agent queries (misspelt?)");
  }
}
