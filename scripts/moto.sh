#!/usr/bin/env bash
# moto (PyPI, moto[server]) as a local EC2 endpoint for the AWS provider's tests.
#
#   scripts/moto.sh [start]   install moto into a cached venv if missing, start moto_server on a free
#                             loopback port with TLS, print its endpoint (https://127.0.0.1:PORT).
#                             Reuses a server it started. The CA the tests must trust is the
#                             certificate printed by `scripts/moto.sh ca`.
#   scripts/moto.sh stop      stop the server it started (by the pid it recorded); nothing else
#   scripts/moto.sh status    exit 0 when its server runs; prints the endpoint
#   scripts/moto.sh ca        path of the PEM certificate to trust (self-signed, 127.0.0.1)
#
# State (pid, endpoint, certificate, log) is per worktree, so parallel checkouts get their own
# server. Tests isolate themselves from each other with a 12-digit access key id, which moto takes
# as the account id (one set of resources per account). Exit 3 with one line when it cannot run:
# the tests then skip.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${OSC_MOTO_VERSION:-5.2.6}"
CACHE="${OSC_CACHE:-$HOME/.cache/osc}/moto"
VENV="$CACHE/venv-$VERSION"
STATE="${OSC_MOTO_STATE:-/tmp/osc-moto-$(id -u)-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)}"

say() { echo "moto: $*" >&2; }

running() { # pid: a moto_server, not a zombie (nobody may reap it here)
  [ "$(cat "/proc/$1/comm" 2>/dev/null)" = moto_server ] \
    && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]
}

alive() { [ -s "$STATE/pid" ] && running "$(cat "$STATE/pid")"; }

answers() { # endpoint
  # Any HTTP answer: moto's own pages (data.json) load every service and take long on a busy host.
  curl -sS --max-time 5 --cacert "$STATE/cert.pem" -o /dev/null "$1/" 2>/dev/null
}

# moto loads a service on its first request, for EC2 seconds of CPU: done here, not in a test.
warm_ec2() { # endpoint
  curl -sS --max-time 120 --cacert "$STATE/cert.pem" -o /dev/null \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=warmup/20260101/us-east-1/ec2/aws4_request' \
    -d 'Action=DescribeRegions&Version=2016-11-15' "$1/" 2>/dev/null || true
}

# Debian's python3 has the venv module without ensurepip (python3-venv), and then cannot make one.
has_venv() { command -v python3 >/dev/null 2>&1 && python3 -c 'import ensurepip, venv' 2>/dev/null; }

install() {
  # The marker is written last: an interrupted install is redone, not half used.
  [ -e "$VENV/.installed" ] && return 0
  if ! has_venv && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing python3 and python3-venv"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends python3 python3-venv; } >/dev/null 2>&1 || true
  fi
  if ! has_venv; then
    say "no python3 with venv: the AWS provider tests on moto will be skipped"
    exit 3
  fi
  say "installing moto[server]==$VERSION into $VENV"
  rm -rf "$VENV"
  if ! { python3 -m venv "$VENV" \
    && "$VENV/bin/pip" install -q --disable-pip-version-check "moto[server]==$VERSION" \
      >"$CACHE/pip.log" 2>&1; }; then
    say "installing moto[server]==$VERSION failed (see $CACHE/pip.log): the AWS provider tests on moto will be skipped"
    exit 3
  fi
  touch "$VENV/.installed"
}

# A self-signed certificate for 127.0.0.1: the SDK talks TLS to moto as it does to EC2.
certificate() {
  [ -s "$STATE/cert.pem" ] && [ -s "$STATE/key.pem" ] && return 0
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
    -subj /CN=osc-moto -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$STATE/key.pem" -out "$STATE/cert.pem" >/dev/null 2>&1
  chmod 600 "$STATE/key.pem"
}

start() {
  if alive && answers "$(cat "$STATE/endpoint")"; then
    cat "$STATE/endpoint"
    return 0
  fi
  # Ours but not answering (hung, or too slow): replaced, not left running beside the new one.
  stop
  mkdir -p "$CACHE" "$STATE"
  install
  certificate
  rm -f "$STATE/pid" "$STATE/endpoint"
  # Port 0: the kernel picks a free port, werkzeug logs the one it bound. The first start after
  # an install compiles moto's Python (~30 s on a busy machine), hence the long wait.
  setsid "$VENV/bin/moto_server" -H 127.0.0.1 -p 0 -c "$STATE/cert.pem" -k "$STATE/key.pem" \
    >"$STATE/log" 2>&1 </dev/null &
  echo $! >"$STATE/pid"
  local endpoint=""
  for _ in $(seq 1 450); do
    endpoint="$(grep -o 'https://127\.0\.0\.1:[0-9]*' "$STATE/log" | head -1 || true)"
    if [ -n "$endpoint" ] && answers "$endpoint"; then
      warm_ec2 "$endpoint"
      echo "$endpoint" >"$STATE/endpoint"
      echo "$endpoint"
      return 0
    fi
    alive || break
    sleep 0.2
  done
  say "moto_server did not answer within 90 s (see $STATE/log): the AWS provider tests on moto will be skipped"
  stop
  exit 3
}

stop() {
  if alive; then
    local pid
    pid="$(cat "$STATE/pid")"
    # moto exits on SIGTERM through a Python handler, which a busy interpreter may take long to run.
    kill "$pid"
    for _ in $(seq 1 100); do running "$pid" || break; sleep 0.1; done
    if running "$pid"; then
      kill -KILL "$pid"
      for _ in $(seq 1 50); do running "$pid" || break; sleep 0.1; done
    fi
  fi
  rm -f "$STATE/pid" "$STATE/endpoint"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) alive && answers "$(cat "$STATE/endpoint")" && cat "$STATE/endpoint" ;;
  ca) echo "$STATE/cert.pem" ;;
  *) echo "usage: $0 [start|stop|status|ca]" >&2; exit 2 ;;
esac
