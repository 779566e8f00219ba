#!/usr/bin/env bash
# Builds upstream's agent-protocol-forwarder (APF: the program in upstream's and Red Hat's pod VM
# images) from ../shared/upstream, as its README says, for the pod network end-to-end test, and
# prints the binary's path on stdout.
#
#   ${OSC_CACHE_DIR:-$HOME/.cache/osc}/upstream-apf/<hash of the sources>/agent-protocol-forwarder
#
# UPSTREAM_SRC names the upstream folder (default: ../shared/upstream next to this repository).
# Idempotent: a binary built from the same sources is reused. The sources are built in a scratch
# copy (the upstream folder stays untouched). Exits 2 with a message on stderr when Go or the
# sources are missing, 1 when the build fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
upstream="${UPSTREAM_SRC:-$root/../shared/upstream}"
die() { printf 'upstream-apf: ERROR: %s\n' "$*" >&2; exit 1; }

caa="$upstream/cloud-api-adaptor/src"
kata="$upstream/kata-containers/src/runtime"
if [[ ! -d "$caa/cloud-api-adaptor/cmd/agent-protocol-forwarder" || ! -d "$kata" ]]; then
  printf 'upstream-apf: upstream sources not found in %s (set UPSTREAM_SRC)\n' "$upstream" >&2
  exit 2
fi
if ! command -v go >/dev/null 2>&1; then
  printf 'upstream-apf: Go is not installed (needed to build the agent-protocol-forwarder)\n' >&2
  exit 2
fi

hash="$( (cd "$upstream" && find cloud-api-adaptor/src/cloud-api-adaptor cloud-api-adaptor/src/cloud-providers \
  kata-containers/src/runtime -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' \) \
  -printf '%p %s %T@\n' | LC_ALL=C sort) | sha256sum | cut -c1-16)"
dir="${OSC_CACHE_DIR:-$HOME/.cache/osc}/upstream-apf/$hash"
bin="$dir/agent-protocol-forwarder"
if [[ ! -x "$bin" ]]; then
  printf 'upstream-apf: building %s\n' "$bin" >&2
  mkdir -p "$dir"
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  mkdir -p "$scratch/cloud-api-adaptor/src" "$scratch/kata-containers/src"
  cp -r "$caa/cloud-api-adaptor" "$caa/cloud-providers" "$scratch/cloud-api-adaptor/src/"
  [[ -d "$caa/peerpod-ctrl" ]] && cp -r "$caa/peerpod-ctrl" "$scratch/cloud-api-adaptor/src/"
  cp -r "$kata" "$scratch/kata-containers/src/runtime"
  chmod -R u+w "$scratch"
  tmp="$(mktemp "$dir/.build.XXXXXX")"
  (cd "$scratch/cloud-api-adaptor/src/cloud-api-adaptor" \
    && go mod edit -replace "github.com/kata-containers/kata-containers/src/runtime=$scratch/kata-containers/src/runtime" \
    && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -o "$tmp" ./cmd/agent-protocol-forwarder) \
    || { rm -f "$tmp"; die "go build failed (upstream sources in $upstream)"; }
  mv -f "$tmp" "$bin"
fi
printf '%s\n' "$bin"
