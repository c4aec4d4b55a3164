#!/usr/bin/env bash
# Failover: time from SIGKILL of an agent to all its replicas Ready elsewhere, and from cutting
# an agent off (iptables, 1|2 partition) to its replicas replaced in the majority, over TRIALS
# trials each on three agents (process runtime, hello server, 1 s readiness probe). Prints each
# trial and p50/p99/max (bench/Failover.java). Anchors: Kubernetes' defaults about 5 min 40 s,
# Docker Swarm 15-20 s, Nomad 20-30 s. Aim: p99 under 10 s. Needs root for iptables; all
# traffic stays on loopback.
#
# usage: bench/failover.sh [TRIALS=20] [MODE...=kill partition]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
trials=${1:-20}; shift || true
modes=("${@:-kill partition}"); modes=(${modes[*]})
ensure_jar
for mode in "${modes[@]}"; do
  java "$root/bench/Failover.java" "$jar" "$mode" "$trials" 18643 19601
done
