#!/usr/bin/env bash
# Builds testbed/ttrpc-peer (the real containerd/ttrpc library, pinned in its go.mod) for the Java
# ttrpc conformance test and bench, and prints the binary's path on stdout (scripts/go-peer.sh:
# cached by source hash; exit 2 when Go is missing, 1 when the build fails).
exec "$(dirname "${BASH_SOURCE[0]}")/go-peer.sh" ttrpc-peer
