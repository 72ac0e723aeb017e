#!/usr/bin/env bash
# JMH: check evaluations per second on one core over in-memory resources (see BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q -DskipTests test-compile
./mvnw -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
mkdir -p bench/results
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main \
  CheckEngineBenchmark -rf json -rff bench/results/check-engine.json "$@"
