# Focused: evaluation errors and undefined results (regorus raises, or leaves undefined).
package agent_policy

import future.keywords.if

# Complete rule with two different values: a conflict error when both bodies hold.
conflict := "a" if input.x > 0

conflict := "b" if input.x > 1

# Function returning two different values for the same argument.
f(x) := 1 if x > 0

f(x) := 2 if x > 1

f_result := f(input.x)

# Object rule with the same key bound to two values.
obj[k] := v if {
	some k, v in {"a": 1}
}

obj[k] := v if {
	input.x > 2
	k := "a"
	v := 2
}

# Non-strict builtin errors make the expression undefined.
bad_number := to_number("not a number")
div_zero := input.x / 0
bad_concat := concat(",", input.x)
bad_count := count(input.x)
default guarded := "fallback"
guarded := to_number(input.s)
