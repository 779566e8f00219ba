# Focused: string builtins, sprintf (regorus 0.10 has no %q verb: such a sprintf is undefined), concat/split,
# non-strict builtin errors (undefined, not an error).
package agent_policy

joined := concat(",", input.words)
upper_words := [upper(w) | some w in input.words]
lower_first := lower(input.words[0])
split_path := split(input.path, "/")
trimmed := trim_prefix(trim_suffix(input.path, "/"), "/run")
replaced := replace(input.path, "/", "|")
starts := startswith(input.path, "/run")
ends := endswith(input.path, ".conf")
has_kata := contains(input.path, "kata")
sub := substring(input.path, 1, 4)
sub_rest := substring(input.path, 2, -1)
idx := indexof(input.path, "/")
n_words := count(input.words)
str_len := count(input.path)
formatted := sprintf("%s has %d words: %v (%q)", [input.path, count(input.words), input.words, input.path])
formatted_plain := sprintf("%s has %d words: %v", [input.path, count(input.words), input.words])
formatted_num := sprintf("%d|%v|%s", [input.n, input.n, input.path])
as_number := to_number(input.num_str)
as_number_plus_one := to_number(input.num_str) + 1
trimmed_space := trim_space(input.padded)
trimmed_chars := trim(input.padded, " x")
words_sorted := sort(input.words)
number_text := format_int(input.n, 16)
