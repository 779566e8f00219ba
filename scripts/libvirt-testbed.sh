#!/usr/bin/env bash
# A real libvirt daemon with QEMU for the libvirt provider's end-to-end tests (qemu:///system).
#
#   scripts/libvirt-testbed.sh [start]   install what is missing, start virtlogd + libvirtd, define
#                                        the isolated network the test VMs get their address from;
#                                        prints the connection URI. Reuses a daemon it started.
#   scripts/libvirt-testbed.sh stop      undefine that network, stop the daemons it started (by the
#                                        pids it recorded); leaves anything else alone
#   scripts/libvirt-testbed.sh status    exit 0 when its daemon answers
#
# No systemd here: it does what the Debian packages' maintainer scripts and units would (users,
# groups, directories) and runs the daemons with --daemon. Needs root (or passwordless sudo for the
# install only: the daemons must run as root for qemu:///system). Exit 3 with one line when it
# cannot: the tests then skip.
set -euo pipefail

STATE="${OSC_LIBVIRT_STATE:-/run/osc-libvirt-testbed}"
URI="qemu:///system"
# The VMs' network: isolated (no forwarding, so VMs reach only the host), DHCP from libvirt's
# dnsmasq, which is what the provider reads addresses from.
NET="${OSC_LIBVIRT_NET:-oscv-net}"
BRIDGE="${OSC_LIBVIRT_BRIDGE:-oscv-br0}"
SUBNET="${OSC_LIBVIRT_SUBNET:-10.213.47}"
PACKAGES=(libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 qemu-utils
  ovmf dnsmasq-base iptables)

say() { echo "libvirt-testbed: $*" >&2; }

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

alive() { # pidfile name
  [ -s "$1" ] && [ "$(cat "/proc/$(cat "$1")/comm" 2>/dev/null)" = "$2" ]
}

answers() {
  timeout 10 virsh -q -c "$URI" version >/dev/null 2>&1
}

install() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    say "no apt-get to install ${missing[*]}: the tests on a real libvirt daemon will be skipped"
    exit 3
  fi
  say "installing ${missing[*]}"
  if ! { apt-get update -qq >/dev/null \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null; }; then
    say "installing ${missing[*]} failed: the tests on a real libvirt daemon will be skipped"
    exit 3
  fi
}

# What the packages' postinst and systemd units would have made.
prepare() {
  getent group kvm >/dev/null || groupadd -r kvm
  getent group libvirt >/dev/null || groupadd -r libvirt
  getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
  id libvirt-qemu >/dev/null 2>&1 || useradd -r -g libvirt-qemu -G kvm -d /var/lib/libvirt \
    -s /usr/sbin/nologin libvirt-qemu
  mkdir -p /var/log/libvirt/qemu /var/lib/libvirt/qemu /var/lib/libvirt/images \
    /var/lib/libvirt/dnsmasq /var/cache/libvirt/qemu /run/libvirt "$STATE"
  [ -e /dev/kvm ] && chgrp kvm /dev/kvm 2>/dev/null && chmod 0660 /dev/kvm 2>/dev/null || true
}

start_daemons() {
  if alive "$STATE/libvirtd.pid" libvirtd && answers; then
    return 0
  fi
  if answers; then
    say "a libvirt daemon this script did not start answers at $URI: using it"
    return 0
  fi
  alive "$STATE/virtlogd.pid" virtlogd || virtlogd --daemon --pid-file "$STATE/virtlogd.pid"
  libvirtd --daemon --pid-file "$STATE/libvirtd.pid"
  for _ in $(seq 1 60); do
    answers && return 0
    sleep 0.5
  done
  say "libvirtd did not answer at $URI within 30 s (see /var/log/libvirt): the tests will be skipped"
  exit 3
}

define_network() {
  if virsh -q -c "$URI" net-info "$NET" >/dev/null 2>&1; then
    [ "$(virsh -q -c "$URI" net-info "$NET" | awk '/^Active:/{print $2}')" = yes ] \
      || virsh -q -c "$URI" net-start "$NET" >/dev/null
    return 0
  fi
  local xml="$STATE/$NET.xml"
  cat >"$xml" <<EOF
<network>
  <name>$NET</name>
  <bridge name='$BRIDGE' stp='off'/>
  <ip address='$SUBNET.1' netmask='255.255.255.0'>
    <dhcp><range start='$SUBNET.10' end='$SUBNET.250'/></dhcp>
  </ip>
</network>
EOF
  virsh -q -c "$URI" net-define "$xml" >/dev/null
  if ! virsh -q -c "$URI" net-start "$NET" >/dev/null; then
    virsh -q -c "$URI" net-undefine "$NET" >/dev/null 2>&1 || true
    say "libvirt network $NET did not start: the tests on a real libvirt daemon will be skipped"
    exit 3
  fi
}

stop() {
  if [ -s "$STATE/libvirtd.pid" ] && alive "$STATE/libvirtd.pid" libvirtd; then
    if virsh -q -c "$URI" net-info "$NET" >/dev/null 2>&1; then
      virsh -q -c "$URI" net-destroy "$NET" >/dev/null 2>&1 || true
      virsh -q -c "$URI" net-undefine "$NET" >/dev/null 2>&1 || true
    fi
    rm -f "$STATE/$NET.xml"
  fi
  local name pid
  for name in libvirtd virtlogd; do
    if alive "$STATE/$name.pid" "$name"; then
      pid="$(cat "$STATE/$name.pid")"
      kill "$pid"
      for _ in $(seq 1 50); do [ -d "/proc/$pid" ] || break; sleep 0.2; done
    fi
    rm -f "$STATE/$name.pid"
  done
}

case "${1:-start}" in
  start)
    if [ "$(id -u)" -ne 0 ]; then
      say "not root: libvirtd for $URI must run as root; the tests on a real libvirt daemon will be skipped"
      exit 3
    fi
    install
    prepare
    start_daemons
    define_network
    echo "$URI"
    ;;
  stop) stop ;;
  status) answers ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac
