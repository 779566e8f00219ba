#!/usr/bin/env bash
# Builds testbed/regorus-cli (the regorus Rego engine the Kata agent uses, pinned in its
# Cargo.toml/Cargo.lock) for the Java Rego differential test, and prints the binary's path on stdout.
#
#   ${OSC_CACHE_DIR:-$HOME/.cache/osc}/regorus-cli/<hash of Cargo.toml, Cargo.lock, src/>/regorus-cli
#
# Idempotent: a binary built from the same sources is reused (a re-run takes milliseconds).
# Cargo's target directory is kept under the same cache folder, so a rebuild is incremental.
# Exits 2 with a message on stderr when cargo is missing, 1 when the build fails.
set -euo pipefail

src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../testbed/regorus-cli" && pwd)"
die() { printf 'regorus-cli: ERROR: %s\n' "$*" >&2; exit 1; }

if ! command -v cargo >/dev/null 2>&1; then
  printf 'regorus-cli: cargo is not installed (needed to build the regorus oracle)\n' >&2
  exit 2
fi

hash="$(cd "$src" && find Cargo.toml Cargo.lock src -type f | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-16)"
cache="${OSC_CACHE_DIR:-$HOME/.cache/osc}/regorus-cli"
dir="$cache/$hash"
bin="$dir/regorus-cli"
if [[ ! -x "$bin" ]]; then
  printf 'regorus-cli: building %s (takes a few minutes the first time)\n' "$bin" >&2
  mkdir -p "$dir"
  (cd "$src" && CARGO_TARGET_DIR="$cache/target" cargo build --release --locked --quiet >&2) \
    || die "cargo build failed in $src"
  # Copy to a temporary name first so that a concurrent or interrupted build never leaves half a binary.
  tmp="$(mktemp "$dir/.build.XXXXXX")"
  cp "$cache/target/release/regorus-cli" "$tmp" && chmod +x "$tmp" && mv -f "$tmp" "$bin" \
    || { rm -f "$tmp"; die "could not install $bin"; }
fi
printf '%s\n' "$bin"
