#!/usr/bin/env bash
# Drift-to-alert delay end to end (signed event and polled) and inbound events per second (see BENCHMARKS.md).
# Arguments: event-driven trials (20), polled trials (3), inbound events (5000).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q -DskipTests test-compile
./mvnw -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.vigil.alerting.DriftToAlertBenchmark "$@"
