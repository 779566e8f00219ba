# Focused: Rego v0 syntax (no `if`, no `contains`). Used with rego_v0=false (regorus's default,
# as in the agent), where it is a parse error, and with rego_v0=true, where it evaluates.
package agent_policy

default CopyFileRequest = false

CopyFileRequest {
	startswith(input.path, "/run/kata-containers/shared/containers/")
}

names[n] {
	n := input.names[_]
}
