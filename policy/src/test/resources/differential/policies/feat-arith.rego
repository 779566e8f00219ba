# Focused: arithmetic, comparisons, numbers (integers and floats), bits, rounding.
package agent_policy

plus := input.a + input.b
minus := input.a - input.b
times := input.a * input.b
quotient := input.a / input.b
remainder := input.a % input.b
neg := 0 - input.a
neg_literal := -3 + input.a
abs_a := abs(input.a)
rounded := round(input.f)
ceiled := ceil(input.f)
floored := floor(input.f)
lt if input.a < input.b
gte if input.a >= input.b
eq_float if input.f == 2.5
mixed := input.a + input.f
and_bits := bits.and(input.a, input.b)
or_bits := bits.or(input.a, input.b)
xor_bits := bits.xor(input.a, input.b)
neg_bits := bits.negate(input.a)
shift_left := bits.lsh(input.a, 2)
shift_right := bits.rsh(input.a, 1)
mem_limit_ok if input.a * 1024 * 1024 <= 536870912
big := input.a * 1000000000000
ratio := input.b / 4
pct := (input.a * 100) / (input.a + input.b)
numbers_range := numbers.range(input.b, input.a)
