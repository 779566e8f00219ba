# Focused: defaults, else chains, functions with several bodies, every/some, not, unification.
package agent_policy

import future.keywords.every
import future.keywords.if
import future.keywords.in

default allow := false

allow if {
	input.user == "admin"
}

allow if {
	input.user == "guest"
	input.action == "read"
}

grade := "high" if {
	input.score >= 90
} else := "mid" if {
	input.score >= 50
} else := "low"

classify(x) := "negative" if x < 0

classify(x) := "zero" if x == 0

classify(x) := "positive" if x > 0

classes := [classify(x) | some x in input.nums]

clamp(x, lo, hi) := lo if {
	x < lo
} else := hi if {
	x > hi
} else := x

clamped := [clamp(x, 0, 10) | some x in input.nums]

all_positive if {
	every x in input.nums {
		x > 0
	}
}

all_keys_short if {
	every k, v in input.obj {
		count(k) < 4
		v != null
	}
}

some_big if {
	some x in input.nums
	x > 100
}

no_admin if not input.user == "admin"

unify_pair if {
	[a, b] = [input.nums[0], input.nums[1]]
	a < b
}

first_of_pair := a if {
	[a, _] = input.pair
}

indexed_some if {
	some i
	input.nums[i] == 3
}

nested_every if {
	every row in input.matrix {
		every cell in row {
			cell >= 0
		}
	}
}

not_undefined if not input.missing.deep

deny_reasons contains msg if {
	input.user != "admin"
	msg := sprintf("user %s is not admin", [input.user])
}

deny_reasons contains msg if {
	some x in input.nums
	x < 0
	msg := sprintf("negative number %d", [x])
}

default decision := {"allowed": false}

decision := {"allowed": true, "reasons": []} if count(deny_reasons) == 0
