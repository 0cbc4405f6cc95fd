#!/usr/bin/env bash
# cases/snapshot.sh EXCHANGES.jsonl: one line per exchange with the verdict this checkout's engine
# gives (id, code, confidence, X-Graph-Diagnosis, alternative). Make EXCHANGES.jsonl once with
# cases/exchanges.py, then run this in each checkout to compare and diff the outputs.
set -euo pipefail
exchanges=$(realpath "$1")
cd "$(dirname "$0")/.."
[ -f proxy/target/graphlens.jar ] && [ -d proxy/target/test-classes/dev/graphlens/tools ] || mvn -B -q -DskipTests package test-compile
java -cp proxy/target/test-classes:proxy/target/graphlens.jar dev.graphlens.tools.VerdictSnapshot config/graphlens.json < "$exchanges"
