# Focused: regex builtins (the Rust regex crate dialect in regorus).
package agent_policy

is_sha := regex.match(`^[a-f0-9]{64}$`, input.id)
is_ipv4 := regex.match(`^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])$`, input.ip)
name_ok := regex.match("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", input.name)
groups := regex.find_all_string_submatch_n(`([a-z]+)=([0-9]+)`, input.kv, -1)
first_two := regex.find_all_string_submatch_n(`([a-z]+)=([0-9]+)`, input.kv, 2)
parts := regex.split(`[,;]\s*`, input.kv)
bad_pattern := regex.match(`(unclosed`, input.name)
noncapture := regex.match(`^(?:ab)+c$`, input.name)
case_insensitive := regex.match(`(?i)^NGINX`, input.name)
matching_names := [n | some n in input.names; regex.match(`^app-[0-9]+$`, n)]
