# Shared helpers for bench scripts: start and stop real agents from the built jar on loopback.
# Source it; it defines start_agents N API_PORT CLUSTER_PORT [AGENT_FLAG...] and stop_agents.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/node/target/shoal.jar"
pids=()

ensure_jar() {
  [ -f "$jar" ] || (cd "$root" && mvn -q -B -DskipTests package)
}

# start_agents N API_PORT CLUSTER_PORT [AGENT_FLAG...]: agents on 127.0.0.2 .. 127.0.0.(N+1), fresh
# data dirs; any further arguments are passed to every agent (e.g. --simulated-nodes 34 --cpu 10).
# Dev mode (--insecure-dev, loopback only): the scripts talk to the API without a token; no per-client
# rate limit (--api-rate-limit 0): a benchmark client is one client asking as fast as it can.
start_agents() {
  local n=$1 api=$2 cport=$3 peers="" i
  shift 3
  bench_dir=$(mktemp -d /tmp/shoal-bench.XXXXXX)
  for i in $(seq 2 $((n + 1))); do peers="$peers${peers:+,}127.0.0.$i:$cport"; done
  for i in $(seq 2 $((n + 1))); do
    java -Xms64m -Xmx512m -XX:+UseSerialGC ${BENCH_AGENT_OPTS:-} -jar "$jar" agent --name "bench-$i" --bind "127.0.0.$i" \
      --api-port "$api" --cluster-port "$cport" --join "$peers" --cluster-name "bench-$$" \
      --data-dir "$bench_dir/node-$i" --insecure-dev --api-rate-limit 0 "$@" >"$bench_dir/node-$i.log" 2>&1 &
    pids+=($!)
  done
  for i in $(seq 2 $((n + 1))); do
    local deadline=$((SECONDS + 90))
    until curl -sf "http://127.0.0.$i:$api/readyz" >/dev/null 2>&1; do
      [ $SECONDS -lt $deadline ] || { echo "agent 127.0.0.$i did not become ready; log:"; tail -20 "$bench_dir/node-$i.log"; exit 1; }
      sleep 0.2   # polling interval while waiting for readiness, bounded by the deadline
    done
  done
}

stop_agents() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
  [ -n "${bench_dir:-}" ] && rm -rf "$bench_dir"
  bench_dir=""
}
