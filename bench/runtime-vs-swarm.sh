#!/usr/bin/env bash
# Time from "start N replicas" to N replicas serving HTTP, on one machine and one Docker engine:
#   floor  the same N containers started directly (N parallel `docker run -d -p`), the engine's floor
#   swarm  Docker Swarm, one node (`docker swarm init`), `docker service create --publish mode=host`
#   shoal  one Shoal agent (--runtime docker), a Deployment of N posted to its API
# Same locally built image for all (FROM scratch + busybox httpd), measured the same way by
# bench/ReplicaRace.java, after one unmeasured warm-up race each. Prints the median of REPS races per system and N, and the ratios
# Shoal/Swarm and Shoal/floor. Aim: Shoal <= 0.8x Swarm and <= 1.2x the floor.
#
# Needs: a running dockerd (see .ci/run), /usr/bin/busybox (busybox-static). If Swarm is not active
# it is initialised on 127.0.0.1 and left again at the end. All traffic stays on loopback.
#
# usage: bench/runtime-vs-swarm.sh [REPS=3] [N...=10 30]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
reps=${1:-3}; shift || true
sizes=("${@:-10 30}"); sizes=(${sizes[*]})
image=shoal-bench/http:1

docker version >/dev/null 2>&1 || { echo "no Docker engine: install docker.io and start dockerd (see .ci/run)"; exit 1; }
ctx=$(mktemp -d)
cp /usr/bin/busybox "$ctx/busybox"
cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
EXPOSE 8080
CMD ["/bin/sh", "-c", "mkdir -p /www; echo \"hello from $HOSTNAME\" > /www/index.html; trap 'kill $pid; exit 0' TERM; httpd -f -p 8080 -h /www & pid=$!; wait $pid"]
DOCKERFILE
docker build -q -t "$image" "$ctx" >/dev/null 2>&1
rm -rf "$ctx"

left_swarm=""
if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != "active" ]; then
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null
  left_swarm=yes
fi
cleanup() {
  stop_agents
  docker service rm race-swarm >/dev/null 2>&1 || true
  [ -n "$left_swarm" ] && docker swarm leave --force >/dev/null 2>&1 || true
}
trap cleanup EXIT

ensure_jar
start_agents 1 18443 18801 --runtime docker
api=127.0.0.2:18443
echo "machine: $(nproc) cores; $(docker version --format 'Docker engine {{.Server.Version}}'); 1 Shoal agent at $api; $reps races each"

# One unmeasured race per system first: the agent's JIT, the engine's caches and Swarm's first
# service all start cold, and a cold first race would say more about start-up than about steady work.
echo "warm-up (not measured):"
for sys in floor swarm shoal; do java "$root/bench/ReplicaRace.java" "$sys" 10 "$image" "$api"; done

results=$(mktemp)
for n in "${sizes[@]}"; do
  for rep in $(seq 1 "$reps"); do
    # rotate the order so no system always runs first (on a cold cache) or last
    case $((rep % 3)) in
      1) order="floor swarm shoal" ;;
      2) order="swarm shoal floor" ;;
      0) order="shoal floor swarm" ;;
    esac
    for sys in $order; do
      java "$root/bench/ReplicaRace.java" "$sys" "$n" "$image" "$api" | tee -a "$results"
    done
  done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
printf '%-6s %10s %10s %10s %12s %12s\n' N floor_ms swarm_ms shoal_ms shoal/swarm shoal/floor
for n in "${sizes[@]}"; do
  f=$(awk -v n="$n" '$1=="floor" && $2==n {print $3}' "$results" | median)
  s=$(awk -v n="$n" '$1=="swarm" && $2==n {print $3}' "$results" | median)
  h=$(awk -v n="$n" '$1=="shoal" && $2==n {print $3}' "$results" | median)
  printf '%-6s %10s %10s %10s %12.2f %12.2f\n' "$n" "$f" "$s" "$h" "$(echo "$h/$s" | bc -l)" "$(echo "$h/$f" | bc -l)"
done
rm -f "$results"
