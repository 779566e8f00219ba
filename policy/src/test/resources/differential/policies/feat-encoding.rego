# Focused: json.*, base64, base64url, type checks, object.get, print of composite values.
package agent_policy

import future.keywords.if

marshalled := json.marshal(input.doc)
unmarshalled := json.unmarshal(input.text)
is_valid_json := json.is_valid(input.text)
round_trip if json.unmarshal(json.marshal(input.doc)) == input.doc
b64 := base64.encode(input.text)
b64_decoded := base64.decode(input.b64)
b64_valid := base64.is_valid(input.b64)
b64url := base64url.encode(input.text)
b64url_decoded := base64url.decode(base64url.encode(input.text))
settings := json.unmarshal(base64.decode(input.b64))
level := object.get(input.doc, "level", "info")
deep_level := object.get(input.doc, ["a", "b"], "none")
types := [type_name(x) | some x in input.mixed]
nulls := [x | some x in input.mixed; is_null(x)]
strings_only := [x | some x in input.mixed; is_string(x)]
numbers_only := [x | some x in input.mixed; is_number(x)]

printed if {
	print("doc:", input.doc)
	print("mixed:", input.mixed, "set:", {x | some x in ["b", "a"]})
	print("missing:", input.nope)
	print(sprintf("text=%s", [input.text]))
}
