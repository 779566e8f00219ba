#!/usr/bin/env bash
# Builds a real kube-apiserver and etcd from source (Go module proxy + the machine's Go
# toolchain) into the binary cache of fabric8 kube-api-test, so that its tests start a real
# API server without downloading anything from dl.k8s.io or GitHub:
#
#   ${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/<k8s version>-<os>-<arch>/
#       kube-apiserver   built from testbed/kube-apiserver (k8s.io/kubernetes/cmd/kube-apiserver/app)
#       etcd             built from testbed/etcd (go.etcd.io/etcd/server/v3/etcdmain)
#       kubectl          symlink to the kubectl found on PATH
#       .testbed-stamp   what the binaries were built from (makes re-runs a no-op)
#
# Pinned versions (the go.mod files are the single source of truth; this script reads them):
#   Kubernetes  v1.34.10  testbed/kube-apiserver/go.mod  (require k8s.io/kubernetes + 31 replaces at v0.34.10)
#   etcd        v3.5.35   testbed/etcd/go.mod            (require go.etcd.io/etcd/server/v3)
#   Built and checked with go1.26.8, CGO_ENABLED=0.
#
# How to bump Kubernetes to vX.Y.Z (staging modules are then v0.Y.Z):
#   cd testbed/kube-apiserver
#   go mod download -json k8s.io/kubernetes@vX.Y.Z     # field GoMod = that release's go.mod
#   # k8s.io/kubernetes requires every staging module at v0.0.0 and replaces it with
#   # ./staging/src/...; replaces of a dependency are ignored, so ours must map each of them
#   # (every "=> ./staging/" line of that go.mod) to its published release:
#   go mod edit -require=k8s.io/kubernetes@vX.Y.Z \
#     $(grep '=> ./staging/' "$(go mod download -json k8s.io/kubernetes@vX.Y.Z | jq -r .GoMod)" \
#       | awk '{printf " -replace=%s=%s@v0.Y.Z", $1, $1}')
#   go mod tidy
#   then run this script and update the versions in this header. The go.mod must not contain
#   replaces at another version: this script refuses to build when they disagree.
#   The module proxy reachable here does not hold every release: pick a vX.Y.Z for which
#   `go mod download` of k8s.io/kubernetes and of each staging module at v0.Y.Z succeeds.
#   Note: k8s.io/sample-* at the matching version may be missing from the module proxy; that
#   is harmless (they are never compiled: `go build`/`go mod tidy` work, `go list -m all` fails).
#
# How to bump etcd to v3.5.N:
#   cd testbed/etcd && go get go.etcd.io/etcd/server/v3@v3.5.N && go mod tidy
#
# Usage: scripts/testbed.sh [--force] [--print-dir] [--print-version] [--help]
#   (no option)      build what is missing or stale, then print (stdout, eval-able):
#                      KUBE_API_TEST_DIR=...  KUBE_API_TEST_API_SERVER_VERSION=1.34.10
#                      KUBE_API_TEST_OFFLINE_MODE=true
#                    progress messages go to stderr.
#   --force          rebuild even if the stamp says the binaries are current.
#   --print-dir      print the version directory only (does not build; may not exist yet).
#   --print-version  print the Kubernetes version only (e.g. 1.34.10).
#
# Environment: KUBE_API_TEST_DIR (default ~/.kubeapitest); GOMODCACHE / GOCACHE / GOPROXY
# are honoured as usual. Keep those caches between runs: measured on 2 cores, a cold build
# (empty caches) takes ~4 minutes and fills ~740 MB of GOMODCACHE and ~2.3 GB of GOCACHE;
# with warm Go caches a rebuild takes ~5 s; a re-run with current binaries takes ~20 ms.
set -euo pipefail

# Bump when the way the binaries are built changes (flags, ldflags), to force a rebuild.
BUILD_RECIPE=1

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
apiserver_mod="$repo_root/testbed/kube-apiserver"
etcd_mod="$repo_root/testbed/etcd"

log() { printf 'testbed: %s\n' "$*" >&2; }
die() { printf 'testbed: ERROR: %s\n' "$*" >&2; exit 1; }

usage() { sed -n '2,/^set -euo pipefail$/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

force=false
mode=build
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    --print-dir) mode=print-dir ;;
    --print-version) mode=print-version ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$arg' (see --help)" ;;
  esac
done

# Version of a required module, read from a go.mod (block or single-line require).
required_version() { # <go.mod> <module path>
  awk -v m="$2" '$1 == "require" { $1 = ""; $0 = $0 } $1 == m && $2 ~ /^v/ { print $2; exit }' "$1"
}

[[ -f "$apiserver_mod/go.mod" && -f "$etcd_mod/go.mod" ]] || die "testbed/kube-apiserver or testbed/etcd is missing in $repo_root"
k8s_tag="$(required_version "$apiserver_mod/go.mod" k8s.io/kubernetes)"
etcd_tag="$(required_version "$etcd_mod/go.mod" go.etcd.io/etcd/server/v3)"
[[ "$k8s_tag" =~ ^v1\.([0-9]+)\.([0-9]+)$ ]] || die "cannot read the k8s.io/kubernetes version from $apiserver_mod/go.mod (got '$k8s_tag')"
k8s_minor="${BASH_REMATCH[1]}"
k8s_version="${k8s_tag#v}"
[[ -n "$etcd_tag" ]] || die "cannot read the go.etcd.io/etcd/server/v3 version from $etcd_mod/go.mod"

# kube-api-test names the directory <version>-<os>-<arch>, with Java's os/arch spelled like Go's.
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
case "$(uname -m)" in
  x86_64|amd64) arch=amd64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) arch="$(uname -m)" ;;
esac
root="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
vdir="$root/k8s/$k8s_version-$os-$arch"

case "$mode" in
  print-dir) printf '%s\n' "$vdir"; exit 0 ;;
  print-version) printf '%s\n' "$k8s_version"; exit 0 ;;
esac

print_env() {
  printf 'KUBE_API_TEST_DIR=%q\n' "$root"
  printf 'KUBE_API_TEST_API_SERVER_VERSION=%s\n' "$k8s_version"
  printf 'KUBE_API_TEST_OFFLINE_MODE=true\n'
}

# What the binaries are built from: versions plus a hash of both modules' sources.
stamp_content() {
  local sum
  sum="$(cd "$repo_root/testbed" && cat kube-apiserver/go.mod kube-apiserver/go.sum kube-apiserver/main.go \
    etcd/go.mod etcd/go.sum etcd/main.go | sha256sum | cut -d' ' -f1)"
  printf 'kubernetes=%s\netcd=%s\nplatform=%s/%s\nrecipe=%s\nsources-sha256=%s\n' \
    "$k8s_tag" "$etcd_tag" "$os" "$arch" "$BUILD_RECIPE" "$sum"
}

link_kubectl() {
  local kubectl
  kubectl="$(command -v kubectl || true)"
  [[ -n "$kubectl" ]] || die "kubectl is not on PATH; kube-api-test needs one in $vdir (install kubectl, then re-run)"
  if [[ "$(readlink "$vdir/kubectl" 2>/dev/null || true)" != "$kubectl" ]]; then
    ln -sfn "$kubectl" "$vdir/kubectl"
    log "linked $vdir/kubectl -> $kubectl"
  fi
}

up_to_date() {
  [[ -x "$vdir/kube-apiserver" && -x "$vdir/etcd" && -f "$vdir/.testbed-stamp" ]] &&
    [[ "$(cat "$vdir/.testbed-stamp")" == "$(stamp_content)" ]]
}

if ! $force && up_to_date; then
  link_kubectl
  log "kube-apiserver $k8s_tag and etcd $etcd_tag are current in $vdir"
  print_env
  exit 0
fi

go_min="$(awk '$1 == "go" { print $2 }' "$apiserver_mod/go.mod" "$etcd_mod/go.mod" | sort -V | tail -n1)"
command -v go >/dev/null 2>&1 ||
  die "'go' is not installed or not on PATH: Go >= $go_min is needed to build kube-apiserver $k8s_tag and etcd $etcd_tag from source (install it, then re-run)"
command -v kubectl >/dev/null 2>&1 ||
  die "kubectl is not on PATH; kube-api-test needs one next to the binaries in $vdir (install kubectl, then re-run)"

# Every staging replace must point at the release matching k8s.io/kubernetes.
bad_replaces="$(awk -v want="v0.$k8s_minor.${k8s_version##*.}" \
  '$1 == "replace" { $1 = ""; $0 = $0 } $1 ~ /^k8s\.io\// && $2 == "=>" && $4 != want { print "  " $0 }' \
  "$apiserver_mod/go.mod")"
[[ -z "$bad_replaces" ]] || die "testbed/kube-apiserver/go.mod has staging replaces not at v0.$k8s_minor.${k8s_version##*.}:
$bad_replaces"

mkdir -p "$root/k8s"
# One build at a time per cache directory.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$root/.testbed.lock"
  flock 9
  if ! $force && up_to_date; then # another run finished it while we waited
    link_kubectl
    log "kube-apiserver $k8s_tag and etcd $etcd_tag are current in $vdir"
    print_env
    exit 0
  fi
fi

# Build next to the cache (not inside k8s/: kube-api-test parses every *-<os>-<arch> name there
# as a version) and move into place at the end, so an interrupted build leaves nothing half-done.
work="$(mktemp -d "$root/.testbed-build.XXXXXX")"
trap 'rm -rf "$work"' EXIT

export CGO_ENABLED=0 GOOS="$os" GOARCH="$arch"
log "using $(go version) (GOMODCACHE=$(go env GOMODCACHE), GOCACHE=$(go env GOCACHE))"

# The API server reports this version on /version (kubectl and fabric8 read it).
# buildDate is the release's time from the module proxy, which keeps the build reproducible.
build_date="$(go -C "$apiserver_mod" list -m -f '{{with .Time}}{{.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' k8s.io/kubernetes 2>/dev/null || true)"
build_date="${build_date:-1970-01-01T00:00:00Z}"
k8s_ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  k8s_ldflags+=" -X $pkg.gitVersion=$k8s_tag -X $pkg.gitMajor=1 -X $pkg.gitMinor=$k8s_minor"
  k8s_ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date"
done

log "building kube-apiserver $k8s_tag (k8s.io/kubernetes) -> $vdir/kube-apiserver"
SECONDS=0
go -C "$apiserver_mod" build -trimpath -buildvcs=false -ldflags "$k8s_ldflags" -o "$work/kube-apiserver" .
log "built kube-apiserver in ${SECONDS}s"

log "building etcd $etcd_tag (go.etcd.io/etcd/server/v3) -> $vdir/etcd"
SECONDS=0
go -C "$etcd_mod" build -trimpath -buildvcs=false -ldflags "-s -w" -o "$work/etcd" .
log "built etcd in ${SECONDS}s"

"$work/kube-apiserver" --version >/dev/null || die "the built kube-apiserver does not run"
"$work/etcd" --version >/dev/null || die "the built etcd does not run"

mkdir -p "$vdir"
rm -f "$vdir/.testbed-stamp"
mv -f "$work/kube-apiserver" "$vdir/kube-apiserver"
mv -f "$work/etcd" "$vdir/etcd"
link_kubectl
stamp_content >"$vdir/.testbed-stamp"
log "installed kube-apiserver $k8s_tag, etcd $etcd_tag and kubectl in $vdir"
print_env
