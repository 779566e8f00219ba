#!/usr/bin/env bash
# The soak mode of the fault tests (not part of scripts/test.sh): many randomised adaptor runs
# (kill points x pod deletions x cloud errors, caa RandomFaultRunsTest) and many operator kill
# points across install and uninstall on OpenShift and plain Kubernetes (operator ChaosRestartTest).
# Prints the counts and exits non-zero when any VM, PeerPod or stray object was left behind (or a
# test failed).
#
#   scripts/soak.sh [extra mvn args, e.g. -o]
#   OSC_SOAK_ADAPTOR_RUNS=1000  randomised adaptor runs (the ordinary test run does 40)
#   OSC_SOAK_OPERATOR_SEEDS=18  operator runs, 6 kills each, alternating platforms (ordinary: 4)
#   OSC_SOAK_SEED=42            seed of the adaptor runs (printed; rerun with it to reproduce)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

adaptor_runs="${OSC_SOAK_ADAPTOR_RUNS:-1000}"
operator_seeds="${OSC_SOAK_OPERATOR_SEEDS:-18}"
seed="${OSC_SOAK_SEED:-42}"
report="$(mktemp -t osc-soak.XXXXXX)"
log="$(mktemp -t osc-soak-mvn.XXXXXX)"
trap 'rm -f "$report"' EXIT

start=$(date +%s)
# nice: the soak is long and the machine is shared; the tests themselves are single-threaded.
nice -n 10 mvn -B -q test -pl caa,operator -am \
  -Dtest='RandomFaultRunsTest,ChaosRestartTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dosc.soak.adaptorRuns="$adaptor_runs" -Dosc.soak.operatorSeeds="$operator_seeds" \
  -Dosc.soak.seed="$seed" -Dosc.soak.report="$report" "$@" >"$log" 2>&1
rc=$?
secs=$(( $(date +%s) - start ))

echo "soak: $adaptor_runs adaptor runs (seed $seed), $operator_seeds operator runs, ${secs}s"
if [[ -s "$report" ]]; then
  sed 's/^/soak: /' "$report"
fi
leaks="$(grep -oE '(leakedVms|leakedPeerPods|strayObjects)=[0-9]+' "$report" \
  | awk -F= '{s += $2} END {print s + 0}')"
lines="$(wc -l <"$report")"
if (( rc != 0 )); then
  echo "soak: FAILED: mvn exited $rc; its output: $log" >&2
  grep -E 'FAIL|ERROR|expected|Expecting' "$log" | head -40 >&2
  exit 1
fi
if (( lines < 2 )); then
  echo "soak: FAILED: expected a report line from each of the two tests, got $lines ($log)" >&2
  exit 1
fi
if (( leaks > 0 )); then
  echo "soak: FAILED: $leaks leaked VMs, PeerPods or stray objects" >&2
  exit 1
fi
rm -f "$log"
echo "soak: OK, nothing leaked"
