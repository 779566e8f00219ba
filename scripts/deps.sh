#!/usr/bin/env bash
# System packages the tests need beyond Java and Maven, installed when missing and when we may:
# libvirt0 (libvirt.so.0) for the caa libvirt provider's tests on libvirt's in-process test driver;
# iproute2 (ip, tc, bridge) and iputils-ping for the pod network tunnel tests (root only).
set -euo pipefail

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

if ! command -v apt-get >/dev/null 2>&1; then
  if ! ldconfig -p 2>/dev/null | grep -q 'libvirt\.so\.0'; then
    echo "deps: no apt-get and no libvirt.so.0: the libvirt provider tests will be skipped" >&2
  fi
  exit 0
fi

missing=()
installed libvirt0 || missing+=(libvirt0)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v ping >/dev/null 2>&1 || missing+=(iputils-ping)
# promtool and prometheus: the alert rule tests and the metrics e2e (a Prometheus the test starts).
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
# qemu-img makes the qcow2 images the pure-Java qcow2 reader is checked against (Qcow2Test).
command -v qemu-img >/dev/null 2>&1 || missing+=(qemu-utils)
# ssh + sshd: the image Job's qemu+ssh key layout, checked with a real login (ImageJobSshTest).
command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || missing+=(openssh-server openssh-client)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "deps: ${missing[*]} missing and no root or passwordless sudo: the tests that need them will be skipped" >&2
  exit 0
fi
# A stale or absent package index makes the install fail, so refresh it first.
if "${sudo[@]}" apt-get update -qq >/dev/null \
  && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null; then
  echo "deps: installed ${missing[*]}" >&2
else
  echo "deps: installing ${missing[*]} failed: the tests that need them will be skipped" >&2
fi
