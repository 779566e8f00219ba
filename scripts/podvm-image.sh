#!/usr/bin/env bash
# A small pod VM image that boots under libvirt/QEMU (UEFI, also under TCG), for the libvirt
# provider's end-to-end tests:
#
#   scripts/podvm-image.sh base       the Debian part (cached by the hash of this script and
#                                     scripts/podvm/): prints its directory
#   scripts/podvm-image.sh JAR        the qcow2 with that osc.jar (cached by the base's and the
#                                     jar's hashes): prints its path
#
# Contents: minimal bookworm (mmdebstrap), Debian's cloud kernel, systemd, systemd-networkd (DHCP),
# a headless JRE; osc-seed (writes the NoCloud seed's write_files), `osc forwarder` and the agent
# stand-in `osc agent-stand-in` as systemd units. Disk: GPT, an EFI system partition booting the
# kernel with systemd-boot, an ext4 root, built from files without loop devices or mounts
# (mkfs.ext4 -d, mtools). Cache: ${OSC_PODVM_CACHE:-~/.cache/osc/podvm}; the two newest of each
# kind are kept. Needs root (mmdebstrap's root mode) and the packages below; exit 3 when not.
set -euo pipefail
work=""
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${OSC_PODVM_CACHE:-$HOME/.cache/osc/podvm}"
suite=bookworm
# The Debian mirror this machine's apt uses (the first URIs of a deb822 source, or the first deb
# line), unless OSC_DEBIAN_MIRROR names one. Either file may be missing (|| true: pipefail).
apt_mirror() {
  { sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null || true
    sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\).*/\2/p' /etc/apt/sources.list 2>/dev/null || true
  } | grep -v -- '-security' | head -n 1 || true
}
mirror="${OSC_DEBIAN_MIRROR:-$(apt_mirror)}"
[ -n "$mirror" ] || { echo "podvm-image: no Debian mirror in apt's sources; set OSC_DEBIAN_MIRROR" >&2; exit 3; }
esp_mib=64
host_tools=(mmdebstrap qemu-utils mtools dosfstools fdisk e2fsprogs)

say() { echo "podvm-image: $*" >&2; }

need_tools() {
  local missing=() p
  for p in "${host_tools[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "${missing[*]} missing and not root with apt-get: no pod VM image"
    exit 3
  fi
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null || { say "installing ${missing[*]} failed: no pod VM image"; exit 3; }
}

base_hash() {
  cat "$here/podvm-image.sh" "$here"/podvm/* | sha256sum | cut -c1-16
}

# Keeps the two newest entries matching $1 in the cache.
prune() {
  ls -1dt "$cache"/$1 2>/dev/null | tail -n +3 | xargs -r rm -rf
}

build_base() {
  local out="$cache/base-$(base_hash)"
  if [ -f "$out/done" ]; then
    echo "$out"
    return 0
  fi
  [ "$(id -u)" -eq 0 ] || { say "not root: mmdebstrap cannot build the image"; exit 3; }
  need_tools
  work="$(mktemp -d "${TMPDIR:-/tmp}/osc-podvm-base.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  say "building the Debian $suite base (cold: a few minutes) in $work"
  mkdir -p "$work/root"
  mmdebstrap --mode=root --variant=minbase --quiet \
    --include=systemd-sysv,udev,linux-image-cloud-amd64,systemd-boot-efi,openjdk-17-jre-headless,util-linux,mount,iproute2 \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
    --customize-hook='install -m 0755 '"$here"'/podvm/osc-seed "$1/usr/local/sbin/osc-seed"' \
    --customize-hook='install -m 0644 '"$here"'/podvm/*.service "$1/etc/systemd/system/"' \
    --customize-hook='install -m 0644 '"$here"'/podvm/10-dhcp.network "$1/etc/systemd/network/"' \
    --customize-hook='chroot "$1" systemctl enable -q systemd-networkd osc-seed osc-forwarder osc-agent' \
    --customize-hook='chroot "$1" systemctl mask -q apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer systemd-networkd-wait-online.service' \
    --customize-hook='echo podvm > "$1/etc/hostname"; echo "LABEL=podvm-root / ext4 rw,noatime 0 1" > "$1/etc/fstab"; mkdir -p "$1/opt/osc"' \
    --customize-hook='rm -rf "$1/var/cache/apt"/*.bin "$1/var/lib/apt/lists"/*' \
    "$suite" "$work/root" "$mirror"

  # The ESP: systemd-boot as the removable-media loader (no NVRAM entry needed), the kernel and
  # initrd, one entry, no menu.
  local kernel initrd
  kernel="$(ls "$work"/root/boot/vmlinuz-* | sort -V | tail -n 1)"
  initrd="$(ls "$work"/root/boot/initrd.img-* | sort -V | tail -n 1)"
  mkfs.vfat -n ESP -C "$work/esp.img" $((esp_mib * 1024)) >/dev/null
  export MTOOLS_SKIP_CHECK=1
  mmd -i "$work/esp.img" ::/EFI ::/EFI/BOOT ::/loader ::/loader/entries
  mcopy -i "$work/esp.img" "$work/root/usr/lib/systemd/boot/efi/systemd-bootx64.efi" ::/EFI/BOOT/BOOTX64.EFI
  mcopy -i "$work/esp.img" "$kernel" ::/vmlinuz
  mcopy -i "$work/esp.img" "$initrd" ::/initrd.img
  printf 'timeout 0\ndefault podvm.conf\n' >"$work/loader.conf"
  printf 'title pod VM\nlinux /vmlinuz\ninitrd /initrd.img\noptions root=LABEL=podvm-root rw console=ttyS0 quiet\n' \
    >"$work/podvm.conf"
  mcopy -i "$work/esp.img" "$work/loader.conf" ::/loader/loader.conf
  mcopy -i "$work/esp.img" "$work/podvm.conf" ::/loader/entries/podvm.conf
  rm -rf "$work"/root/boot/*

  # The root file system from the directory: its size plus a quarter and 128 MiB free.
  local used_mib
  used_mib="$(du -sm "$work/root" | cut -f1)"
  mkfs.ext4 -q -L podvm-root -d "$work/root" "$work/root.img" "$((used_mib * 5 / 4 + 128))M" >&2

  mkdir -p "$cache"
  rm -rf "$out.tmp"
  mkdir "$out.tmp"
  mv "$work/esp.img" "$work/root.img" "$out.tmp/"
  touch "$out.tmp/done"
  mv "$out.tmp" "$out"
  prune 'base-*'
  echo "$out"
}

build_image() {
  local jar="$1" base
  [ -f "$jar" ] || { say "$jar: no such file (build it with mvn package)"; exit 2; }
  base="$(build_base)"
  local out
  out="$cache/podvm-$(basename "$base" | cut -c6-)-$(sha256sum "$jar" | cut -c1-16).qcow2"
  if [ -f "$out" ]; then
    echo "$out"
    return 0
  fi
  need_tools
  work="$(mktemp -d "${TMPDIR:-/tmp}/osc-podvm.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  cp --sparse=always "$base/root.img" "$work/root.img"
  debugfs -w -R "write $jar /opt/osc/osc.jar" "$work/root.img" >/dev/null 2>&1
  debugfs -R "stat /opt/osc/osc.jar" "$work/root.img" 2>/dev/null | grep -q 'Size: [1-9]' \
    || { say "could not write $jar into the root file system"; exit 1; }

  # GPT: the ESP at 1 MiB, the root right after it, 1 MiB spare at the end for the backup table.
  local esp_bytes root_bytes disk_bytes
  esp_bytes="$(stat -c %s "$base/esp.img")"
  root_bytes="$(stat -c %s "$work/root.img")"
  disk_bytes=$((1048576 + esp_bytes + root_bytes + 1048576))
  truncate -s "$disk_bytes" "$work/disk.raw"
  sfdisk -q --label gpt "$work/disk.raw" <<EOF
start=2048, size=$((esp_bytes / 512)), type=U, name=ESP
start=$((2048 + esp_bytes / 512)), size=$((root_bytes / 512)), type=L, name=root
EOF
  dd if="$base/esp.img" of="$work/disk.raw" bs=1M seek=1 conv=notrunc,sparse status=none
  dd if="$work/root.img" of="$work/disk.raw" bs=1M seek=$((1 + esp_bytes / 1048576)) \
    conv=notrunc,sparse status=none
  qemu-img convert -c -O qcow2 "$work/disk.raw" "$work/podvm.qcow2"
  mv "$work/podvm.qcow2" "$out"
  prune 'podvm-*.qcow2'
  echo "$out"
}

case "${1:-}" in
  base) build_base ;;
  "" | -h | --help) sed -n 2,16p "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
  *) build_image "$1" ;;
esac
