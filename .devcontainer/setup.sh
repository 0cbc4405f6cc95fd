#!/usr/bin/env bash
# GraphLens in a dev container, or on any Debian/Ubuntu machine: the same script for both.
#   setup.sh install   JDK, Maven and curl if missing; build; create the CA; add it to the system trust
#   setup.sh start     run GraphLens in the background and wait until it listens
#   setup.sh stop      stop it
# Settings (environment): GRAPHLENS_PORT (8080), GRAPHLENS_ARGS (extra proxy flags),
# GRAPHLENS_CA_STORE_DIR (/usr/local/share/ca-certificates; update-ca-certificates runs only for that one).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port=${GRAPHLENS_PORT:-8080}
store=${GRAPHLENS_CA_STORE_DIR:-/usr/local/share/ca-certificates}
logs="$home/logs"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

case "${1:-install}" in
  install)
    need=()
    command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
    command -v mvn >/dev/null || need+=(maven)
    command -v curl >/dev/null || need+=(curl)
    command -v update-ca-certificates >/dev/null || need+=(ca-certificates)
    if [ ${#need[@]} -gt 0 ]; then
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
    fi
    "$home/graphlens" --version            # builds the jar when missing or stale
    if [ "$store" = /usr/local/share/ca-certificates ]; then
      as_root "$home/graphlens" trust --install-system >/dev/null
    else
      "$home/graphlens" trust --install-system --ca-store-dir "$store" >/dev/null
    fi
    echo "GraphLens installed; CA trusted via $store. Next: bash .devcontainer/setup.sh start"
    ;;
  start)
    mkdir -p "$logs"
    if [ -f "$logs/graphlens.pid" ] && kill -0 "$(cat "$logs/graphlens.pid")" 2>/dev/null; then
      echo "GraphLens already running (pid $(cat "$logs/graphlens.pid"))"; exit 0
    fi
    # shellcheck disable=SC2086 # GRAPHLENS_ARGS is a list of flags
    nohup "$home/graphlens" --port "$port" ${GRAPHLENS_ARGS:-} > "$logs/graphlens.out" 2>&1 &
    echo $! > "$logs/graphlens.pid"
    for _ in $(seq 1 120); do
      if grep -q "listening on" "$logs/graphlens.out" 2>/dev/null; then
        grep "listening on" "$logs/graphlens.out"
        echo "Console: tail -f $logs/graphlens.out    Diagnoses: tail -f $logs/graphlens.jsonl"
        exit 0
      fi
      kill -0 "$(cat "$logs/graphlens.pid")" 2>/dev/null || break
      sleep 0.5
    done
    echo "GraphLens did not start; see $logs/graphlens.out" >&2
    tail -5 "$logs/graphlens.out" >&2 || true
    exit 1
    ;;
  stop)
    if [ -f "$logs/graphlens.pid" ]; then
      kill "$(cat "$logs/graphlens.pid")" 2>/dev/null || true
      rm -f "$logs/graphlens.pid"
    fi
    ;;
  *)
    echo "usage: $0 install|start|stop" >&2; exit 2
    ;;
esac
