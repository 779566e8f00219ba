#!/usr/bin/env bash
# Checks deploy/monitoring/30-prometheusrule.yaml with Debian's promtool: `promtool check rules`
# on its groups, then the unit tests in deploy/monitoring/promtool-tests.yaml (`promtool test
# rules`). scripts/deps.sh installs Debian's `prometheus` package; without it, one line and exit 0
# (the e2e test that runs a real Prometheus skips the same way).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool-rules: promtool missing (Debian package prometheus): the rule checks are skipped" >&2
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The PrometheusRule's spec is a plain rule file indented by two spaces.
sed -n '/^spec:/,$p' deploy/monitoring/30-prometheusrule.yaml | tail -n +2 | sed 's/^  //' \
  >"$work/rules.yaml"
cp deploy/monitoring/promtool-tests.yaml "$work/"
promtool check rules "$work/rules.yaml"
(cd "$work" && promtool test rules promtool-tests.yaml)
