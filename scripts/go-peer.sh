#!/usr/bin/env bash
# Builds the Go program testbed/NAME (a real third-party library, pinned in its go.mod, that tests
# run against) and prints the binary's path on stdout:
#
#   scripts/go-peer.sh NAME   ->  ${OSC_CACHE_DIR:-$HOME/.cache/osc}/NAME/<hash of go.mod, go.sum, main.go>/NAME
#
# Idempotent: a binary built from the same sources is reused (a re-run takes milliseconds).
# Exits 2 with a message on stderr when Go is missing, 1 when the build fails.
# GOMODCACHE / GOCACHE / GOPROXY are honoured as usual.
set -euo pipefail

name="${1:?usage: scripts/go-peer.sh NAME (a directory of testbed/)}"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../testbed/$name" && pwd)"
die() { printf '%s: ERROR: %s\n' "$name" "$*" >&2; exit 1; }

if ! command -v go >/dev/null 2>&1; then
  printf '%s: Go is not installed (needed to build testbed/%s)\n' "$name" "$name" >&2
  exit 2
fi

hash="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16)"
dir="${OSC_CACHE_DIR:-$HOME/.cache/osc}/$name/$hash"
bin="$dir/$name"
if [[ ! -x "$bin" ]]; then
  printf '%s: building %s\n' "$name" "$bin" >&2
  mkdir -p "$dir"
  # Build to a temporary name so that a concurrent or interrupted build never leaves half a binary.
  tmp="$(mktemp "$dir/.build.XXXXXX")"
  (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -o "$tmp" .) || { rm -f "$tmp"; die "go build failed in $src"; }
  mv -f "$tmp" "$bin"
fi
printf '%s\n' "$bin"
