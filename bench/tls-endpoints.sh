#!/usr/bin/env bash
# 100 TLS endpoints on loopback checked concurrently: the connector alone, then through Vigil (see BENCHMARKS.md).
# Argument: how many endpoints (100).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q -DskipTests test-compile
./mvnw -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.vigil.connector.tlsendpoint.TlsEndpointsBenchmark "$@"
