#!/usr/bin/env bash
# git-repository connector: time one collection over a generated 10,000-file repository (see BENCHMARKS.md).
# Needs git and ssh-keygen. Usage: bench/git-scan.sh [files] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -ntp -q -DskipTests test-compile
./mvnw -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.vigil.connector.git.GitScanBenchmark target/bench-git "${1:-10000}" "${2:-5}"
