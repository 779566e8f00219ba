#!/usr/bin/env bash
# The project's container images, built without a container daemon or registry, as OCI archives
# under target/ (push with `skopeo copy oci-archive:target/X.tar docker://REGISTRY/NAME:TAG`):
#
#   scripts/image.sh build [JAR]       target/osc-image.tar: operator, webhook, adaptor, pod VM
#                                      image Jobs, must-gather (JAR: cli/target/osc.jar)
#   scripts/image.sh bundle            target/osc-bundle-image.tar: bundle/ as OLM unpacks it
#   scripts/image.sh catalog           target/osc-catalog-image.tar: catalog/ served by opm
#                                      (opm built from testbed/opm; needs Go)
#   scripts/image.sh check             checks the three archives (skopeo, their programs run,
#                                      the catalog served by opm answers its health probe)
#   scripts/image.sh all [JAR]         all of the above, as scripts/test.sh runs it
#   scripts/image.sh base              the cached Debian layer of the osc image
#
# Why mmdebstrap + umoci: no registry is reachable here, so no base image can be pulled; the base
# layer is a Debian rootfs made from Debian packages as for the pod VM image, and umoci (Debian)
# takes that tar as a layer as it is, appends ours and writes the config into an OCI layout
# without a daemon. Jib could only start from scratch and re-pack the rootfs as extra files.
# osc image, layer 1 (cached by the hash of its package list, user and build steps): bookworm
# minbase, openjdk-17-jre-headless, iproute2 (ip; nsenter is in util-linux), openssh-client
# (libvirt's qemu+ssh://), libvirt0, qemu-utils (qemu-img), ca-certificates, the user osc (uid
# 1001, group 0, home /home/osc: OpenShift runs arbitrary uids in group 0). Layer 2: osc.jar and
# /usr/bin/gather (`oc adm must-gather --image=...` runs it). The tag of every image is the tag of
# the operator image in deploy/03-operator.yaml. Cache: ${OSC_IMAGE_CACHE:-~/.cache/osc/image},
# the two newest of each kind kept. Exit 3 when an image cannot be built here (not root, tools
# missing and not installable, no Go for opm), with one line saying why.
set -euo pipefail
work=""
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
cache="${OSC_IMAGE_CACHE:-$HOME/.cache/osc/image}"
suite=bookworm
user_uid=1001
version="$(sed -n 's|^ *image: .*/osc:\(.*\)$|\1|p' "$repo/deploy/03-operator.yaml" | head -n 1)"
packages=openjdk-17-jre-headless,iproute2,openssh-client,libvirt0,qemu-utils,ca-certificates
entrypoint=(java -XX:MaxRAMPercentage=75 -jar /opt/osc/osc.jar)
host_tools=(mmdebstrap umoci skopeo)

say() { echo "image: $*" >&2; }

need_tools() {
  local missing=() p
  for p in "${host_tools[@]}"; do
    command -v "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "${missing[*]} missing and not root with apt-get: no container images"
    exit 3
  fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null 2>&1 || { say "installing ${missing[*]} failed: no container images"; exit 3; }
}

# The Debian mirror this machine's apt uses, unless OSC_DEBIAN_MIRROR names one.
apt_mirror() {
  { sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null || true
    sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\).*/\2/p' /etc/apt/sources.list 2>/dev/null || true
  } | grep -v -- '-security' | head -n 1 || true
}

prune() {
  ls -1dt "$cache"/$1 2>/dev/null | tail -n +3 | xargs -r rm -rf
}

scratch() {
  work="$(mktemp -d "${TMPDIR:-/tmp}/osc-image.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
}

# Names and contents of the given files and directories (relative to the repository), hashed.
hash_of() {
  (cd "$repo" && find "$@" -type f | sort | while read -r f; do echo "$f"; cat "$f"; done) \
    | sha256sum | cut -c1-16
}

# A layer tar of directory $1 owned by root, with stable entries.
layer_tar() {
  tar -C "$1" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cf "$2" .
}

# Writes the layout's image tagged $2 to the cache as $3 (an oci-archive whose ref name is
# NAME:version) and copies it to target/$4.
publish() {
  local layout="$1" tag="$2" cached="$3" name="$4"
  umoci gc --layout "$layout"
  skopeo copy -q "oci:$layout:$tag" "oci-archive:$work/out.tar:$name:$version"
  mv "$work/out.tar" "$cached"
}

deliver() {
  mkdir -p "$repo/target"
  cp "$1" "$repo/target/$2"
  echo "$repo/target/$2"
}

# What layer 1 is made from: this function and its settings (not the rest of the script).
base_hash() {
  { declare -f build_base; echo "$suite $packages $user_uid"; } | sha256sum | cut -c1-16
}

# Layer 1 of the osc image as an OCI layout tagged "base"; prints its directory.
build_base() {
  local dir="$cache/base-$(base_hash)"
  if [ -f "$dir/done" ]; then
    echo "$dir"
    return 0
  fi
  [ "$(id -u)" -eq 0 ] || { say "not root: mmdebstrap cannot build the base layer"; exit 3; }
  local mirror="${OSC_DEBIAN_MIRROR:-$(apt_mirror)}"
  [ -n "$mirror" ] || { say "no Debian mirror in apt's sources; set OSC_DEBIAN_MIRROR"; exit 3; }
  scratch
  say "building the Debian $suite base layer (cold: a few minutes)"
  # No device nodes in the layer (the runtime provides /dev); no docs, man pages or apt lists.
  mmdebstrap --mode=root --variant=minbase --quiet --format=tar --skip=output/dev \
    --include="$packages" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    --customize-hook='echo "osc:x:'"$user_uid"':0:osc:/home/osc:/usr/sbin/nologin" >>"$1/etc/passwd"' \
    --customize-hook='echo "osc:!:1::::::" >>"$1/etc/shadow"' \
    --customize-hook='install -d -m 0775 -o '"$user_uid"' -g 0 "$1/home/osc" "$1/must-gather"' \
    --customize-hook='rm -rf "$1/var/cache/apt"/*.bin "$1/var/lib/apt/lists"/* "$1/var/log"/*.log' \
    "$suite" "$work/rootfs.tar" "$mirror"
  # An empty /dev for the runtime to mount over (some runtimes do not create mount points).
  mkdir -p "$work/empty/dev"
  tar -C "$work/empty" --owner=0 --group=0 --numeric-owner -rf "$work/rootfs.tar" ./dev
  umoci init --layout "$work/oci"
  umoci new --image "$work/oci:base"
  umoci raw add-layer --image "$work/oci:base" --history.created_by "mmdebstrap $suite $packages" \
    "$work/rootfs.tar"
  mkdir -p "$cache"
  rm -rf "$dir.tmp"
  mv "$work/oci" "$dir.tmp"
  touch "$dir.tmp/done"
  mv "$dir.tmp" "$dir"
  prune 'base-*'
  echo "$dir"
}

build() {
  local jar="${1:-$repo/cli/target/osc.jar}"
  [ -f "$jar" ] || { say "$jar: no such file (build it with mvn package -pl cli -am)"; exit 2; }
  need_tools
  local base key cached
  base="$(build_base)"
  key="$(basename "$base" | cut -c6-)-$({ cat "$jar" "$here"/image/*; declare -f build;
    echo "$version"; } | sha256sum | cut -c1-16)"
  cached="$cache/osc-$key.tar"
  if [ ! -f "$cached" ]; then
    scratch
    cp -a "$base" "$work/oci"
    mkdir -p "$work/layer/opt/osc" "$work/layer/usr/bin"
    install -m 0644 "$jar" "$work/layer/opt/osc/osc.jar"
    install -m 0755 "$here/image/gather" "$work/layer/usr/bin/gather"
    layer_tar "$work/layer" "$work/layer.tar"
    umoci raw add-layer --image "$work/oci:base" --tag osc --history.created_by "osc.jar, gather" \
      "$work/layer.tar"
    local e args=()
    for e in "${entrypoint[@]}"; do args+=(--config.entrypoint "$e"); done
    umoci config --image "$work/oci:osc" "${args[@]}" --config.user "$user_uid" \
      --config.workingdir /home/osc \
      --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      --config.label org.opencontainers.image.title=osc \
      --config.label "org.opencontainers.image.description=OpenShift sandboxed containers operator, webhook, cloud-api-adaptor and must-gather" \
      --config.label org.opencontainers.image.version="$version" \
      --config.label org.opencontainers.image.licenses=Apache-2.0 \
      --config.label io.k8s.display-name="OpenShift sandboxed containers (osc)" \
      --config.label io.openshift.tags=sandboxed-containers,kata,peer-pods \
      --history.created_by "osc config"
    umoci rm --image "$work/oci:base"
    publish "$work/oci" osc "$cached" osc
    prune 'osc-*.tar'
  fi
  deliver "$cached" osc-image.tar
}

# bundle/ at the root of a layer, its metadata/annotations.yaml as labels: what OLM unpacks.
bundle() {
  need_tools
  local cached
  cached="$cache/bundle-$({ hash_of bundle; declare -f bundle; echo "$version"; } | sha256sum | cut -c1-16).tar"
  if [ ! -f "$cached" ]; then
    scratch
    umoci init --layout "$work/oci"
    umoci new --image "$work/oci:bundle"
    cp -r "$repo/bundle" "$work/layer"
    layer_tar "$work/layer" "$work/layer.tar"
    umoci raw add-layer --image "$work/oci:bundle" --history.created_by "bundle/" "$work/layer.tar"
    local k v args=()
    while read -r k v; do
      args+=(--config.label "${k%:}=$v")
    done < <(sed -n 's/^  \(operators\.operatorframework\.io\.bundle\.[^ ]*\) \(.*\)$/\1 \2/p' \
      "$repo/bundle/metadata/annotations.yaml")
    umoci config --image "$work/oci:bundle" "${args[@]}" \
      --config.label org.opencontainers.image.version="$version" --history.created_by labels
    publish "$work/oci" bundle "$cached" osc-bundle
    prune 'bundle-*.tar'
  fi
  deliver "$cached" osc-bundle-image.tar
}

# opm and grpc_health_probe, static, from testbed/opm's go.mod; prints their directory.
build_opm() {
  command -v go >/dev/null 2>&1 || { say "Go is not installed: no opm, no catalog image"; exit 3; }
  local dir="$cache/opm-$(hash_of testbed/opm)"
  if [ ! -x "$dir/grpc_health_probe" ]; then
    say "building opm and grpc_health_probe (cold: a few minutes)"
    mkdir -p "$dir.tmp"
    (cd "$repo/testbed/opm" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -o "$dir.tmp/opm" \
      github.com/operator-framework/operator-registry/cmd/opm \
      && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -o "$dir.tmp/grpc_health_probe" \
      github.com/grpc-ecosystem/grpc-health-probe) >&2 \
      || { rm -rf "$dir.tmp"; say "go build of opm failed"; exit 1; }
    rm -rf "$dir"
    mv "$dir.tmp" "$dir"
    prune 'opm-*'
  fi
  echo "$dir"
}

# catalog/ in /configs, served by opm on 50051 as OLM's CatalogSource (sourceType grpc) expects.
catalog() {
  need_tools
  local opm cached
  opm="$(build_opm)"
  cached="$cache/catalog-$({ hash_of catalog testbed/opm; declare -f catalog; echo "$version"; } \
    | sha256sum | cut -c1-16).tar"
  if [ ! -f "$cached" ]; then
    scratch
    umoci init --layout "$work/oci"
    umoci new --image "$work/oci:catalog"
    mkdir -p "$work/layer/bin" "$work/layer/tmp" "$work/layer/etc"
    chmod 1777 "$work/layer/tmp"
    # opm's pprof listener resolves localhost; a runtime without /etc/hosts would leave it unknown.
    printf '127.0.0.1 localhost\n::1 localhost\n' >"$work/layer/etc/hosts"
    install -m 0755 "$opm/opm" "$opm/grpc_health_probe" "$work/layer/bin/"
    cp -r "$repo/catalog" "$work/layer/configs"
    # opm serve checks its cache against /configs and refuses to start without one (as opm's own
    # generated Dockerfile does, the cache is made at build time); group 0 may write it, as
    # OpenShift runs the pod with an arbitrary uid in group 0.
    "$opm/opm" serve "$work/layer/configs" --cache-dir="$work/layer/tmp/cache" --cache-only \
      >/dev/null 2>&1 || { say "opm could not build the catalog's cache"; exit 1; }
    chmod -R g+rwX "$work/layer/tmp/cache"
    layer_tar "$work/layer" "$work/layer.tar"
    umoci raw add-layer --image "$work/oci:catalog" --history.created_by "opm, catalog/" \
      "$work/layer.tar"
    umoci config --image "$work/oci:catalog" --config.user "$user_uid" \
      --config.entrypoint /bin/opm --config.cmd serve --config.cmd /configs \
      --config.cmd=--cache-dir=/tmp/cache --config.exposedports 50051/tcp \
      --config.label operators.operatorframework.io.index.configs.v1=/configs \
      --config.label org.opencontainers.image.version="$version" --history.created_by config
    publish "$work/oci" catalog "$cached" osc-catalog
    prune 'catalog-*.tar'
  fi
  deliver "$cached" osc-catalog-image.tar
}

fail=0
flunk() { say "$*"; fail=1; }

# Unpacks $1 (an oci-archive) into $work/NAME and prints the rootfs.
unpack() {
  mkdir -p "$work/$2"
  tar -C "$work/$2" -xf "$1"
  umoci unpack --image "$work/$2:$2:$version" "$work/$2.rootfs" >/dev/null
  echo "$work/$2.rootfs/rootfs"
}

# Runs $2... in rootfs $1 as the image's user, as a runtime would: /dev and /proc provided (ssh
# opens /dev/null, java finds libjli through /proc/self/exe), in a mount namespace of its own so
# nothing outlives the run.
run_in() {
  local root="$1"
  shift
  unshare --mount --fork sh -c 'r="$1" u="$2"; shift 2; mount --rbind /dev "$r/dev" \
    && mount -t proc proc "$r/proc" && exec chroot --userspec="$u:0" "$r" "$@"' \
    sh "$root" "$user_uid" "$@"
}

# The catalog image's command as OLM runs it (opm serve on 50051, probed by grpc_health_probe),
# in network and pid namespaces of its own: loopback only, and opm ends with the namespace.
serves() {
  unshare --mount --net --pid --fork --kill-child sh -c 'r="$1" u="$2"
    ip link set lo up && mount --rbind /dev "$r/dev" && mount -t proc proc "$r/proc" || exit 1
    chroot --userspec="$u:0" "$r" /bin/opm serve /configs -p 50051 --cache-dir=/tmp/cache \
      >/dev/null 2>&1 &
    i=0
    while [ "$i" -lt 60 ]; do
      chroot --userspec="$u:0" "$r" /bin/grpc_health_probe -addr=127.0.0.1:50051 >/dev/null 2>&1 \
        && exit 0
      i=$((i + 1))
      sleep 1
    done
    exit 1' sh "$1" "$user_uid"
}

# The config as skopeo reads it, and the images' programs run from their unpacked layers.
check() {
  need_tools
  local a="$repo/target/osc-image.tar" b="$repo/target/osc-bundle-image.tar"
  local c="$repo/target/osc-catalog-image.tar" config root cmd
  config="$(skopeo inspect --config "oci-archive:$a")"
  grep -q '"User": "'"$user_uid"'"' <<<"$config" || flunk "osc image: user is not $user_uid"
  grep -q '"/opt/osc/osc.jar"' <<<"$config" || flunk "osc image: entrypoint lacks osc.jar"
  skopeo inspect "oci-archive:$a" | grep -q '"org.opencontainers.image.version": "'"$version"'"' \
    || flunk "osc image: no version label $version"
  skopeo inspect "oci-archive:$b" \
    | grep -q '"operators.operatorframework.io.bundle.package.v1": "sandboxed-containers-operator"' \
    || flunk "bundle image: no package label"
  if [ -f "$c" ]; then
    skopeo inspect "oci-archive:$c" | grep -q '"operators.operatorframework.io.index.configs.v1": "/configs"' \
      || flunk "catalog image: no configs label"
  fi
  [ "$(id -u)" -eq 0 ] || { say "not root: the images' programs are not run"; return "$fail"; }
  scratch
  root="$(unpack "$a" osc)"
  [ -x "$root/usr/bin/gather" ] && grep -q 'must-gather --dest-dir /must-gather' "$root/usr/bin/gather" \
    || flunk "osc image: /usr/bin/gather missing or not running osc must-gather"
  [ -e "$root/usr/lib/x86_64-linux-gnu/libvirt.so.0" ] || flunk "osc image: no libvirt.so.0"
  for cmd in "java -jar /opt/osc/osc.jar --version" "ip -V" "nsenter --version" "ssh -V" \
    "qemu-img --version"; do
    # shellcheck disable=SC2086 # a command line
    run_in "$root" $cmd >/dev/null 2>&1 || flunk "osc image: '$cmd' fails as uid $user_uid"
  done
  root="$(unpack "$b" osc-bundle)"
  [ -f "$root/manifests/sandboxed-containers-operator.clusterserviceversion.yaml" ] \
    && [ -f "$root/metadata/annotations.yaml" ] || flunk "bundle image: no manifests/ or metadata/"
  if [ -f "$c" ]; then
    root="$(unpack "$c" osc-catalog)"
    mkdir -p "$root/dev" "$root/proc"
    run_in "$root" /bin/opm validate /configs >/dev/null || flunk "catalog image: opm validate fails"
    serves "$root" || flunk "catalog image: opm serve does not answer grpc_health_probe in 60 s"
  fi
  [ "$fail" -eq 0 ] && say "images OK: entrypoints, user $user_uid, labels, programs"
  return "$fail"
}

# Everything scripts/test.sh wants: exit 3 (cannot build here) only when nothing could be checked.
all() {
  build "${1:-}" >/dev/null
  bundle >/dev/null
  local rc=0
  # Its own process: set -e holds inside (a function on the left of || runs without it).
  "$0" catalog >/dev/null || rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || exit "$rc"
  [ "$rc" -eq 0 ] || rm -f "$repo/target/osc-catalog-image.tar"
  check
}

case "${1:-}" in
  base) need_tools; build_base ;;
  build) build "${2:-}" ;;
  bundle) bundle ;;
  catalog) catalog ;;
  check) check ;;
  all) all "${2:-}" ;;
  *) sed -n 2,26p "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
