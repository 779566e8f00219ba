# Known regorus quirk: a comprehension whose head is an arithmetic expression (`{x * x | ...}`,
# `[x + 1 | ...]`) does not parse in regorus ("unexpected keyword `some`": the `|` is taken as a set
# union inside the head); OPA accepts it. Parenthesising the head, `[(x * x) | ...]`, works in both.
package agent_policy

import future.keywords.in

squares := {x * x | some x in input.nums}
