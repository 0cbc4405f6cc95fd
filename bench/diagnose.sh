#!/usr/bin/env bash
# What diagnosing one 403 costs, without sockets (engine alone, then with the console rendering).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package test-compile
java -cp proxy/target/test-classes:proxy/target/graphlens.jar dev.graphlens.bench.DiagnoseBench "${1:-200000}"
