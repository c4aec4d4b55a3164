#!/usr/bin/env bash
# Distributed placement throughput and quality: 3 real Hazelcast members IN ONE JVM (loopback TCP,
# real serialisation, entry processors with 2 sync backups), each hosting 34 simulated nodes
# (102 in all, mixed sizes, seeded), place 1,000 pods (20 Deployments x 50 replicas) through
# BiddingService.place, in three ways (one batch; 20 leaders one after another; 20 leaders at once
# over the 3 members), for a roomy and an overloaded workload; and the same input placed offline by
# centralised best-fit-decreasing and least-allocated greedy, with ratios.
# Aims: >= 1,000 placements/s; rejected and balance within 10% of centralised. Runs in < 2 minutes.
#
# The command it runs (after building test classes and writing the classpath):
#   java -cp scheduling/target/classes:scheduling/target/test-classes:$(cat scheduling/target/bench.cp) \
#        dev.shoal.scheduling.cluster.PlacementBench [SEED]
#
# usage: bench/placement.sh [SEED=42]     (MVN_ARGS defaults to -o, offline; set MVN_ARGS= to go online)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B ${MVN_ARGS--o} -pl scheduling -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$root/scheduling/target/bench.cp" -Dmdep.includeScope=test >/dev/null
echo "machine: $(nproc) cores; everything below shares them"
java -Xms512m -Xmx1g -cp "scheduling/target/classes:scheduling/target/test-classes:$(cat scheduling/target/bench.cp)" \
  dev.shoal.scheduling.cluster.PlacementBench "${1:-42}"
