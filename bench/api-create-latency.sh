#!/usr/bin/env bash
# Single-object create latency (p50/p99) and throughput against a real 3-agent cluster on loopback.
# Objects are Events (small, namespaced, no controller reacts to them), spread round-robin over
# the three agents, so two of three writes are served by a node that does not own the key.
# Anchors: Kubernetes' SLO for single-object mutating calls is p99 <= 1 s; Shoal aims at p99 <= 20 ms.
#
# usage: bench/api-create-latency.sh [SEQUENTIAL_N=2000] [CONCURRENT_N=5000] [CLIENTS=16]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
seq_n=${1:-2000}; par_n=${2:-5000}; clients=${3:-16}
ensure_jar
trap stop_agents EXIT
start_agents 3 17443 17801
echo "3 agents up (127.0.0.2-4); machine: $(nproc) cores; the client shares them"
java "$root/bench/CreateLatency.java" "127.0.0.2:17443,127.0.0.3:17443,127.0.0.4:17443" "$seq_n" "$par_n" "$clients"
