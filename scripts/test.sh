#!/usr/bin/env bash
# The whole test suite: unit, simulated-cluster lifecycle, CRD drift, and the end-to-end tests on a
# real kube-apiserver + etcd (built first by scripts/testbed.sh; cached after the first run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/deps.sh
scripts/promtool-rules.sh
# Test peers this run started, stopped when it ends, whatever happens (each adds its stop command).
STOPS=()
trap 'for s in "${STOPS[@]}"; do $s || true; done' EXIT
if command -v go >/dev/null 2>&1 && command -v kubectl >/dev/null 2>&1; then
  scripts/testbed.sh >/dev/null
else
  echo "test: Go or kubectl is missing: the e2e tests on a real API server will be skipped" >&2
fi
# The Java ttrpc conformance test runs against the real Go containerd/ttrpc (testbed/ttrpc-peer).
if command -v go >/dev/null 2>&1; then
  OSC_TTRPC_PEER="$(scripts/ttrpc-peer.sh)"
  export OSC_TTRPC_PEER
fi
# The pod network e2e runs upstream's agent-protocol-forwarder as a VM side too (built from
# ../shared/upstream; without the sources that test is skipped, the script says why).
if command -v go >/dev/null 2>&1 && OSC_UPSTREAM_APF="$(scripts/upstream-apf.sh)"; then
  export OSC_UPSTREAM_APF
fi
# The Java Rego engine's differential test runs against regorus, the Kata agent's engine (testbed/regorus-cli).
if command -v cargo >/dev/null 2>&1; then
  OSC_REGORUS_CLI="$(scripts/regorus-cli.sh)"
  export OSC_REGORUS_CLI
fi
# The libvirt provider's end-to-end tests run on a real libvirtd + QEMU (scripts/libvirt-testbed.sh);
# a daemon this run started is stopped when it ends, one that was already up is left running.
if ! scripts/libvirt-testbed.sh status 2>/dev/null; then
  STOPS+=('scripts/libvirt-testbed.sh stop')
fi
if OSC_LIBVIRT_URI="$(scripts/libvirt-testbed.sh start)"; then
  export OSC_LIBVIRT_URI
fi
# The AWS provider's tests run against moto's EC2 over TLS (scripts/moto.sh); a server this run
# started is stopped when it ends.
scripts/moto.sh status >/dev/null 2>&1 || STOPS+=('scripts/moto.sh stop')
if OSC_MOTO_ENDPOINT="$(scripts/moto.sh start)"; then
  OSC_MOTO_CA="$(scripts/moto.sh ca)"
  export OSC_MOTO_ENDPOINT OSC_MOTO_CA
fi
mvn -B install "$@"
# The container images (OCI archives under target/, built without a daemon) and their check:
# scripts/image.sh; where they cannot be built here (exit 3) it said why in one line.
if [ -f cli/target/osc.jar ]; then
  rc=0
  scripts/image.sh all || rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || exit "$rc"
fi
