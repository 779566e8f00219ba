# Known regorus quirk: unary minus is only accepted before numeric literals (`-input.a` is a parse
# error in regorus).
package agent_policy

neg := -input.a
