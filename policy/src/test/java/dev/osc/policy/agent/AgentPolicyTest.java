package dev.osc.policy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osc.policy.RegoException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentPolicyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The default policy from "Customizing the Kata Agent policy" (OSC 1.12 on AWS, 3.5). */
  static final String AWS_DEFAULT =
      """
      package agent_policy

      default AddARPNeighborsRequest := true
      default AddSwapRequest := true
      default CloseStdinRequest := true
      default CopyFileRequest := true
      default CreateContainerRequest := true
      default CreateSandboxRequest := true
      default DestroySandboxRequest := true
      default GetMetricsRequest := true
      default GetOOMEventRequest := true
      default GuestDetailsRequest := true
      default ListInterfacesRequest := true
      default ListRoutesRequest := true
      default MemHotplugByProbeRequest := true
      default OnlineCPUMemRequest := true
      default PauseContainerRequest := true
      default PullImageRequest := true
      default ReadStreamRequest := false
      default RemoveContainerRequest := true
      default RemoveStaleVirtiofsShareMountsRequest := true
      default ReseedRandomDevRequest := true
      default ResumeContainerRequest := true
      default SetGuestDateTimeRequest := true
      default SignalProcessRequest := true
      default StartContainerRequest := true
      default StartTracingRequest := true
      default StatsContainerRequest := true
      default StopTracingRequest := true
      default TtyWinResizeRequest := true
      default UpdateContainerRequest := true
      default UpdateEphemeralMountsRequest := true
      default UpdateInterfaceRequest := true
      default UpdateRoutesRequest := true
      default WaitProcessRequest := true
      default ExecProcessRequest := false
      default SetPolicyRequest := false
      default WriteStreamRequest := false

      ExecProcessRequest if {
          input_command = concat(" ", input.process.Args)
          some allowed_command in policy_data.allowed_commands
          input_command == allowed_command
      }

      policy_data := {
        "allowed_commands": [
              "curl http://127.0.0.1:8006/cdh/resource/default/attestation-status/status"
        ]
      }
      """;

  /** The example from "Customizing the Kata agent policy" (OSC on IBM Z, 6.2.9). */
  static final String IBM_Z_EXAMPLE =
      """
      package agent_policy

      import future.keywords.in
      import input

      default CopyFileRequest := false
      default CreateContainerRequest := false
      default CreateSandboxRequest := true
      default DestroySandboxRequest := true
      default ExecProcessRequest := true  # Enabled to allow exec API
      default GetOOMEventRequest := true
      default GuestDetailsRequest := true
      default OnlineCPUMemRequest := true
      default PullImageRequest := true
      default ReadStreamRequest := true   # Enabled to allow log API
      default RemoveContainerRequest := true
      default RemoveStaleVirtiofsShareMountsRequest := true
      default SignalProcessRequest := true
      default StartContainerRequest := true
      default StatsContainerRequest := true
      default TtyWinResizeRequest := true
      default UpdateEphemeralMountsRequest := true
      default UpdateInterfaceRequest := true
      default UpdateRoutesRequest := true
      default WaitProcessRequest := true
      default WriteStreamRequest := false
      """;

  static JsonNode exec(String... args) {
    ObjectNode process = JSON.createObjectNode();
    process.put("Terminal", false);
    process.putNull("ConsoleSize");
    ObjectNode user = process.putObject("User");
    user.put("UID", 0).put("GID", 0).put("Username", "");
    user.putArray("AdditionalGids");
    ArrayNode a = process.putArray("Args");
    for (String s : args) {
      a.add(s);
    }
    process.putArray("Env").add("PATH=/usr/bin");
    process.put("Cwd", "/");
    ObjectNode req = JSON.createObjectNode();
    req.put("container_id", "c1").put("exec_id", "e1").putNull("string_user");
    req.set("process", process);
    req.put("stdin_port", 0).put("stdout_port", 0).put("stderr_port", 0);
    return req;
  }

  static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void awsDefaultPolicyAllowsOnlyTheAttestationStatusCommand() {
    AgentPolicy policy = AgentPolicy.of(AWS_DEFAULT);
    assertThat(
            policy
                .decide(
                    "ExecProcessRequest",
                    exec(
                        "curl",
                        "http://127.0.0.1:8006/cdh/resource/default/attestation-status/status"))
                .allowed())
        .isTrue();
    Decision denied = policy.decide("ExecProcessRequest", exec("cat", "/etc/shadow"));
    assertThat(denied.allowed()).isFalse();
    assertThat(denied.message()).isEqualTo("ExecProcessRequest is blocked by policy: ");
    assertThat(
            policy
                .decide(
                    "ExecProcessRequest",
                    exec(
                        "curl",
                        "http://127.0.0.1:8006/cdh/resource/default/attestation-status/status",
                        "-v"))
                .allowed())
        .isFalse();
  }

  @Test
  void awsDefaultPolicyRedactsLogsAndAllowsOtherCalls() throws Exception {
    AgentPolicy policy = AgentPolicy.of(AWS_DEFAULT);
    assertThat(
            policy
                .decide(
                    "ReadStreamRequest",
                    json("{\"container_id\":\"c1\",\"exec_id\":\"\",\"len\":1024}"))
                .allowed())
        .isFalse();
    assertThat(
            policy
                .decide(
                    "WriteStreamRequest",
                    json("{\"container_id\":\"c1\",\"exec_id\":\"\",\"data\":[104]}"))
                .allowed())
        .isFalse();
    assertThat(policy.decide("CreateContainerRequest", json("{\"container_id\":\"c1\"}")).allowed())
        .isTrue();
    Decision setPolicy = policy.decide("SetPolicyRequest", json("{\"policy\":\"package x\"}"));
    assertThat(setPolicy.allowed()).isFalse();
    assertThat(setPolicy.message()).startsWith("SetPolicyRequest is blocked by policy");
  }

  @Test
  void requestWithoutRuleIsAnInternalError() throws Exception {
    Decision d = AgentPolicy.of(AWS_DEFAULT).decide("GetIPTablesRequest", json("{}"));
    assertThat(d.allowed()).isFalse();
    assertThat(d.message())
        .startsWith("GetIPTablesRequest: internal error: ")
        .contains("undefined");
  }

  @Test
  void ibmZExampleEnablesExecAndLogs() throws Exception {
    AgentPolicy policy = AgentPolicy.of(IBM_Z_EXAMPLE);
    assertThat(policy.decide("ExecProcessRequest", exec("sh")).allowed()).isTrue();
    assertThat(
            policy
                .decide(
                    "ReadStreamRequest",
                    json("{\"container_id\":\"c1\",\"exec_id\":\"\",\"len\":10}"))
                .allowed())
        .isTrue();
    assertThat(policy.decide("CreateContainerRequest", json("{}")).allowed()).isFalse();
    assertThat(policy.decide("CopyFileRequest", json("{\"path\":\"/x\"}")).allowed()).isFalse();
    assertThat(policy.decide("WriteStreamRequest", json("{}")).allowed()).isFalse();
  }

  @Test
  void printsExplainADenial() throws Exception {
    AgentPolicy policy =
        AgentPolicy.of(
            """
        package agent_policy
        default ExecProcessRequest := false
        ExecProcessRequest if {
          print("exec:", input.process.Args)
          input.process.Args[0] == "ls"
        }
        """);
    Decision d = policy.decide("ExecProcessRequest", exec("rm", "-rf"));
    assertThat(d.prints()).containsExactly("exec: [\"rm\", \"-rf\"]");
    assertThat(d.message())
        .isEqualTo("ExecProcessRequest is blocked by policy: exec: " + "[\"rm\", \"-rf\"]");
  }

  @Test
  void syntaxErrorNamesLineAndColumn() {
    assertThatThrownBy(
            () ->
                AgentPolicy.of(
                    "package agent_policy\n\n"
                        + "default ExecProcessRequest := false\nExecProcessRequest if {\n  input.x ==\n}\n"))
        .isInstanceOf(RegoException.class)
        .hasMessage("agent_policy:6:1: unexpected '}', expected a term");
  }

  @Test
  void runawayPolicyIsDeniedQuicklyWithALimitError() throws Exception {
    AgentPolicy policy =
        AgentPolicy.of(
            """
        package agent_policy
        big := [x | some x in numbers]
        numbers := [0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]
        ExecProcessRequest if {
          count([1 | big[_]; big[_]; big[_]; big[_]; big[_]; big[_]]) > 0
        }
        f(x) := f(x)
        CreateContainerRequest if { f(1) }
        """);
    long start = System.nanoTime();
    Decision heavy = policy.decide("ExecProcessRequest", exec("ls"));
    assertThat(heavy.allowed()).isFalse();
    assertThat(heavy.message())
        .startsWith("ExecProcessRequest: internal error: ")
        .contains("limit of 1000000 steps");
    Decision recursive = policy.decide("CreateContainerRequest", json("{}"));
    assertThat(recursive.allowed()).isFalse();
    assertThat(recursive.message()).contains("recursion detected");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
  }

  @Test
  void objectResultsUpdatePolicyStateWithJsonPatch() throws Exception {
    AgentPolicy policy =
        AgentPolicy.of(
            """
        package agent_policy
        import future.keywords.if
        default CreateContainerRequest := {"allowed": false}
        CreateContainerRequest := {"ops": ops, "allowed": true} if {
          not data.pstate.containers[input.container_id]
          ops := [{"op": "add", "path": "/pstate/containers", "value": {}},
                  {"op": "add", "path": concat("", ["/pstate/containers/",
                   input.container_id]), "value": 0}]
        }
        default RemoveContainerRequest := false
        RemoveContainerRequest := {"allowed": true, "ops": [{"op": "remove",
            "path": concat("", ["/pstate/containers/", input.container_id])}]} if {
          data["pstate"].containers[input.container_id] == 0
        }
        default ExecProcessRequest := false
        ExecProcessRequest if { data.pstate.containers[input.container_id] == 0 }
        """);
    assertThat(policy.decide("ExecProcessRequest", exec("ls")).allowed()).isFalse();
    assertThat(policy.decide("CreateContainerRequest", json("{\"container_id\":\"c1\"}")).allowed())
        .isTrue();
    assertThat(policy.data().toString()).isEqualTo("{\"pstate\":{\"containers\":{\"c1\":0}}}");
    assertThat(policy.decide("ExecProcessRequest", exec("ls")).allowed()).isTrue();
    assertThat(policy.decide("CreateContainerRequest", json("{\"container_id\":\"c1\"}")).allowed())
        .isFalse();
    assertThat(policy.decide("RemoveContainerRequest", json("{\"container_id\":\"c1\"}")).allowed())
        .isTrue();
    assertThat(policy.data().toString()).isEqualTo("{\"pstate\":{\"containers\":{}}}");
  }

  @Test
  void setPolicyIsCheckedThenReplacesThePolicyAndResetsState() throws Exception {
    AgentPolicy policy =
        AgentPolicy.of(
            """
        package agent_policy
        default SetPolicyRequest := true
        """);
    assertThat(policy.decide("ExecProcessRequest", exec("ls")).message())
        .contains("internal error");
    Decision broken = policy.decide("SetPolicyRequest", json("{\"policy\":\"package\"}"));
    assertThat(broken.allowed()).isFalse();
    assertThat(broken.message()).startsWith("SetPolicyRequest: invalid argument: agent_policy:1:");
    ObjectNode req = JSON.createObjectNode().put("policy", AWS_DEFAULT);
    assertThat(policy.decide("SetPolicyRequest", req).allowed()).isTrue();
    assertThat(policy.decide("ExecProcessRequest", exec("ls")).allowed()).isFalse();
    assertThat(policy.decide("SetPolicyRequest", req).allowed()).isFalse();
  }

  @Test
  void allowRequestsFailingPolicyLetsDenialsAndErrorsThrough() throws Exception {
    AgentPolicy policy =
        AgentPolicy.of(
            """
        package agent_policy
        default AllowRequestsFailingPolicy := true
        default ExecProcessRequest := false
        """);
    assertThat(policy.allowsFailures()).isTrue();
    assertThat(policy.decide("ExecProcessRequest", exec("ls")).allowed()).isTrue();
    assertThat(policy.decide("CreateContainerRequest", json("{}")).allowed()).isTrue();
    assertThat(policy.decide("ExecProcessRequest", exec("ls")).prints()).isEqualTo(List.of());
  }
}
