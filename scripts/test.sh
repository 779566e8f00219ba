#!/usr/bin/env bash
# The whole test suite: unit, simulated-cluster lifecycle and CRD drift tests of every module.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec mvn -B install "$@"
