package dev.osc.policy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A small policy written in the style genpolicy generates (v0 and v1 forms mixed). */
class GenpolicyStyleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String POLICY =
      """
      package agent_policy

      import future.keywords.in
      import future.keywords.every
      import future.keywords.if
      import input

      default CreateContainerRequest := {"allowed": false}
      default ExecProcessRequest := false
      default AllowRequestsFailingPolicy := false

      CreateContainerRequest := {"ops": ops, "allowed": true} if {
        some i, p_container in policy_data.containers
        p_oci := p_container.OCI
        i_oci := input.OCI
        allow_env(p_oci.Process, i_oci.Process)
        allow_by_bundle(p_oci, i_oci)
        stop_at(i, count(policy_data.containers))
        ops := [{"op": "add", "path": concat("", ["/pstate/", input.container_id]),
                 "value": i}]
      }

      allow_by_bundle(p_oci, i_oci) {
        bundle_path := i_oci.Annotations["io.katacontainers.pkg.oci.bundle_path"]
        bundle_id := replace(bundle_path, concat("", [task_dir, "/k8s.io/"]), "")
        p_root = replace(p_oci.Root.Path, "$(bundle-id)", bundle_id)
        regex.match(p_root, i_oci.Root.Path)
      }

      allow_env(p_process, i_process) {
        every env_var in i_process.Env {
          allow_env_var(p_process, env_var)
        }
      }

      allow_env_var(p_process, env_var) {
        env_var in p_process.Env
      }
      allow_env_var(p_process, env_var) {
        name_value := split(env_var, "=")
        count(name_value) == 2
        is_port(name_value[1])
      }

      is_port(value) {
        number = to_number(value)
        number >= 1
        number <= 65535
      }

      ExecProcessRequest if {
        i_command = concat(" ", input.process.Args)
        index := data.pstate[input.container_id]
        container := policy_data.containers[index]
        some p_command in container.exec_commands
        p_command == i_command
      }

      task_dir := "/run/containerd/io.containerd.runtime.v2.task"

      # a parameter may shadow a builtin's name
      stop_at(i, count) {
        i == count - 1
      }

      policy_data := {
        "containers": [
          {"OCI": {"Process": {"Env": ["PATH=/bin"]},
                   "Root": {"Path":
                     "^/run/kata-containers/shared/containers/$(bundle-id)/rootfs$"}},
           "exec_commands": ["/bin/sh -c ready"]}
        ]
      }
      """;

  @Test
  void createThenExecUsesPolicyState() throws Exception {
    AgentPolicy policy = AgentPolicy.of(POLICY);
    String create =
        """
        {"container_id": "abc", "OCI": {
          "Annotations": {"io.katacontainers.pkg.oci.bundle_path":
            "/run/containerd/io.containerd.runtime.v2.task/k8s.io/abc"},
          "Process": {"Env": ["PATH=/bin", "SVC_PORT=8080"]},
          "Root": {"Path": "/run/kata-containers/shared/containers/abc/rootfs"}}}
        """;
    String exec =
        """
        {"container_id": "abc", "process": {"Args": ["/bin/sh", "-c", "ready"]}}
        """;
    assertThat(policy.decide("ExecProcessRequest", JSON.readTree(exec)).allowed()).isFalse();
    assertThat(policy.decide("CreateContainerRequest", JSON.readTree(create)).allowed()).isTrue();
    assertThat(policy.data().toString()).isEqualTo("{\"pstate\":{\"abc\":0}}");
    assertThat(policy.decide("ExecProcessRequest", JSON.readTree(exec)).allowed()).isTrue();
    String badEnv = create.replace("SVC_PORT=8080", "LD_PRELOAD=/x.so");
    assertThat(policy.decide("CreateContainerRequest", JSON.readTree(badEnv)).allowed()).isFalse();
  }
}
