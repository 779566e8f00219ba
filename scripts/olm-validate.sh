#!/usr/bin/env bash
# Builds testbed/olm-validate (operator-framework's api and operator-registry validators, pinned in
# its go.mod) for OlmValidationTest, and prints the binary's path on stdout (scripts/go-peer.sh:
# cached by source hash; exit 2 when Go is missing, 1 when the build fails).
exec "$(dirname "${BASH_SOURCE[0]}")/go-peer.sh" olm-validate
