#!/usr/bin/env bash
# Builds testbed/olm-validate (operator-framework's api and operator-registry validators, pinned in
# its go.mod) for OlmValidationTest, and prints the binary's path on stdout.
#
#   ${OSC_CACHE_DIR:-$HOME/.cache/osc}/olm-validate/<hash of go.mod, go.sum, main.go>/olm-validate
#
# Idempotent: a binary built from the same sources is reused (a re-run takes milliseconds).
# Exits 2 with a message on stderr when Go is missing, 1 when the build fails.
# GOMODCACHE / GOCACHE / GOPROXY are honoured as usual.
set -euo pipefail

src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../testbed/olm-validate" && pwd)"
die() { printf 'olm-validate: ERROR: %s\n' "$*" >&2; exit 1; }

if ! command -v go >/dev/null 2>&1; then
  printf 'olm-validate: Go is not installed (needed to build the OLM validator)\n' >&2
  exit 2
fi

hash="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16)"
dir="${OSC_CACHE_DIR:-$HOME/.cache/osc}/olm-validate/$hash"
bin="$dir/olm-validate"
if [[ ! -x "$bin" ]]; then
  printf 'olm-validate: building %s\n' "$bin" >&2
  mkdir -p "$dir"
  # Build to a temporary name so that a concurrent or interrupted build never leaves half a binary.
  tmp="$(mktemp "$dir/.build.XXXXXX")"
  (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -o "$tmp" .) || { rm -f "$tmp"; die "go build failed in $src"; }
  mv -f "$tmp" "$bin"
fi
printf '%s\n' "$bin"
