#!/usr/bin/env bash
# Builds the upstream peer-pods webhook (cloud-api-adaptor src/webhook, its pod mutator served
# by controller-runtime's webhook server, see testbed/upstream-webhook/main.go) for
# `osc bench webhook`, and prints the binary's path on stdout:
#
#   ${XDG_CACHE_HOME:-$HOME/.cache}/osc/upstream-webhook/<hash>/upstream-webhook
#
# <hash> covers the module's go.mod, go.sum and main.go, the Go version and the upstream source
# when UPSTREAM_WEBHOOK_SRC is set, so a re-run with nothing changed only prints the path.
#
# The upstream version is pinned in testbed/upstream-webhook/go.mod (require
# github.com/confidential-containers/cloud-api-adaptor/src/webhook). When the Go module proxy
# does not serve it, point UPSTREAM_WEBHOOK_SRC at a copy of upstream's src/webhook directory
# (a checkout of the repository, at the tag or commit to measure): the build then uses it in
# place of the pinned version (go mod edit -replace, in a scratch copy of the module).
#
# Usage: scripts/upstream-webhook.sh [--help]
# Environment: UPSTREAM_WEBHOOK_SRC; GOPROXY, GOMODCACHE, GOCACHE as usual.
# Needs Go (the version in go.mod or newer). Progress goes to stderr.
set -euo pipefail

# Bump when the way the binary is built changes, to force a rebuild.
BUILD_RECIPE=1
UPSTREAM_MODULE=github.com/confidential-containers/cloud-api-adaptor/src/webhook

log() { printf 'upstream-webhook: %s\n' "$*" >&2; }
die() { printf 'upstream-webhook: ERROR: %s\n' "$*" >&2; exit 1; }

case "${1:-}" in
  -h|--help) sed -n '2,/^set -euo pipefail$/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) die "unknown option '$1' (see --help)" ;;
esac

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mod="$repo_root/testbed/upstream-webhook"
command -v go >/dev/null 2>&1 || die "Go is not installed (or not on PATH): it is needed to build the upstream webhook from $mod"
[[ -f "$mod/go.mod" ]] || die "$mod/go.mod is missing"

src="${UPSTREAM_WEBHOOK_SRC:-}"
if [[ -n "$src" ]]; then
  [[ -f "$src/go.mod" ]] || die "UPSTREAM_WEBHOOK_SRC=$src has no go.mod (expected upstream's src/webhook directory)"
  grep -q "^module $UPSTREAM_MODULE\$" "$src/go.mod" || die "$src/go.mod is not module $UPSTREAM_MODULE"
  src="$(cd "$src" && pwd)"
fi

key="$( {
  printf 'recipe=%s\n%s\n' "$BUILD_RECIPE" "$(go version)"
  cat "$mod/go.mod" "$mod/go.sum" "$mod/main.go"
  if [[ -n "$src" ]]; then
    (cd "$src" && find . -name '*.go' -o -name go.mod | LC_ALL=C sort | xargs sha256sum)
  fi
} | sha256sum | cut -c1-16)"
out_dir="${XDG_CACHE_HOME:-$HOME/.cache}/osc/upstream-webhook/$key"
bin="$out_dir/upstream-webhook"
if [[ -x "$bin" ]]; then
  printf '%s\n' "$bin"
  exit 0
fi

version="$(awk -v m="$UPSTREAM_MODULE" '$1 == m { print $2 }' "$mod/go.mod")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$mod/go.mod" "$mod/go.sum" "$mod/main.go" "$work/"
if [[ -n "$src" ]]; then
  log "building against the upstream source in $src (instead of $version)"
  (cd "$work" && go mod edit -replace="$UPSTREAM_MODULE=$src")
else
  log "building against $UPSTREAM_MODULE@$version"
fi
mkdir -p "$out_dir"
# -mod=mod: the pinned upstream module's own go.sum line is added here, on first download.
if ! (cd "$work" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -o "$bin.tmp" .) >&2; then
  die "build failed; if the module proxy does not serve $UPSTREAM_MODULE@$version, set UPSTREAM_WEBHOOK_SRC to a copy of upstream's src/webhook (see --help)"
fi
mv "$bin.tmp" "$bin"
log "built $bin"
printf '%s\n' "$bin"
