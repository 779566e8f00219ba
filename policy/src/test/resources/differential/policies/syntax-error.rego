# Focused: a policy that does not parse; every query must be an error.
package agent_policy

default allow := false

allow if {
	input.x ==
}
