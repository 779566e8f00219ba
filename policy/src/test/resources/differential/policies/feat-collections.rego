# Focused: comprehensions, sets, objects, partial sets and objects, membership, set operators.
package agent_policy

import future.keywords.in

evens := [x | some x in input.nums; x % 2 == 0]
squares := {y | some x in input.nums; y := x * x}
squares_array := [(x * x) | some x in input.nums]
by_name := {c.name: c.id | some c in input.items}
names := {c.name | some c in input.items}
union := names | {"extra"}
inter := names & {"a", "b", "c"}
diff := names - {"a"}
has_a := "a" in names
not_has_z if not "z" in names
index_of_b := [i | some i, c in input.items; c.name == "b"]
nested := [[x, y] | some x in [1, 2]; some y in input.nums; y > x]
total := sum(input.nums)
biggest := max(input.nums)
smallest := min(input.nums)
product := product(input.nums)
count_items := count(input.items)
obj_keys := {k | some k, _ in input.obj}
obj_values := [v | some _, v in input.obj]
sorted_nums := sort(input.nums)
concat_arrays := array.concat(input.nums, [100, 200])
sliced := array.slice(input.nums, 1, 3)

big_ids contains c.id if {
	some c in input.items
	c.id > 2
}

id_by_name[c.name] := c.id if {
	some c in input.items
}

wild_ids := [input.items[_].id]
first_id := input.items[0].id
missing_key := input.obj.nope
obj_lookup := input.obj[input.key]
set_equal if {x | some x in input.nums} == {x | some x in array.reverse(input.nums)}
array_equal if input.nums == [1, 2, 3]
