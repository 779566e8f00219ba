# Focused: object results with JSON-Patch ops over data.pstate (the agent's state machine).
package agent_policy

import future.keywords.if
import future.keywords.in

default CreateContainerRequest := {"allowed": false}

CreateContainerRequest := {"allowed": true, "ops": ops} if {
	not data.pstate.namespace
	ns := input.OCI.Annotations["io.kubernetes.cri.sandbox-namespace"]
	ops := [{"op": "add", "path": "/pstate/namespace", "value": ns}]
}

CreateContainerRequest := {"allowed": true, "ops": null} if {
	data.pstate.namespace == input.OCI.Annotations["io.kubernetes.cri.sandbox-namespace"]
}

CreateContainerRequest := {"allowed": false, "ops": null} if {
	data.pstate.namespace
	data.pstate.namespace != input.OCI.Annotations["io.kubernetes.cri.sandbox-namespace"]
	print("namespace changed from", data.pstate.namespace, "to", input.OCI.Annotations["io.kubernetes.cri.sandbox-namespace"])
}

default ExecProcessRequest := false

ExecProcessRequest if {
	input.container_id in object.keys(data.pstate.containers)
}

counter := object.get(data.pstate, "counter", 0) + 1

known := [k | some k, _ in data.pstate]

from_data := data["pstate"]["namespace"]
