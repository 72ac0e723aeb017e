#!/usr/bin/env bash
# Agent push to visible result, end to end, and the agent process's start-to-exit time (see BENCHMARKS.md).
# Arguments: in-process trials (20), agent process runs (3).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q -DskipTests test-compile
./mvnw -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.vigil.agent.AgentPushBenchmark "$@"
