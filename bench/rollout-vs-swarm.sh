#!/usr/bin/env bash
# Time for a rolling update of N replicas, one at a time, start-first, on one machine and one
# Docker engine, with two clients counting failed requests through the system's published ports:
#   swarm  Docker Swarm, one node: a service created with --update-parallelism 1
#          --update-order start-first --update-delay 0s. Its routing mesh needs iptables rules
#          that this engine does not install (the ingress port refuses), so each task is published
#          on a host port of its own (mode=host) and the clients balance over the ports of the
#          tasks the engine lists as healthy, refreshed every 100 ms.
#   shoal  one Shoal agent (--runtime docker): a Deployment with maxSurge 1, maxUnavailable 0,
#          behind a NodePort Service on the agent's address (Shoal's own proxy)
# Both move the same locally built image from v1 to v2 (a keep-alive HTTP server on busybox nc,
# FROM scratch), each new replica gated by the same check: GET /healthz every second (Swarm's
# HEALTHCHECK, Shoal's readinessProbe); without one, start-first would route to a container that
# is not listening yet. Measured by bench/RolloutRace.java: the clock runs from the update request
# to the system reporting it complete; the clients (one keep-alive connection, one new connection
# per request) run from before the update until 50 more answers after it. After one unmeasured
# warm-up update each, REPS races per system and N; prints the medians, the ratio Shoal/Swarm,
# and every failure. Aim: Shoal faster than Swarm, zero failures.
#
# Needs: a running dockerd (see .ci/run), /usr/bin/busybox (busybox-static). If Swarm is not active
# it is initialised on 127.0.0.1 and left again at the end. All traffic stays on loopback.
#
# usage: bench/rollout-vs-swarm.sh [REPS=1] [N...=10 30]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
reps=${1:-1}; shift || true
sizes=("${@:-10 30}"); sizes=(${sizes[*]})
image=shoal-bench/rollout

docker version >/dev/null 2>&1 || { echo "no Docker engine: install docker.io and start dockerd (see .ci/run)"; exit 1; }
ctx=$(mktemp -d)
cp /usr/bin/busybox "$ctx/busybox"
# one connection: answers until the client closes or asks to, or the container drains (SIGTERM)
cat >"$ctx/serve.sh" <<'SERVE'
#!/bin/sh
cr=$(printf '\r')
while read -r request; do
  request=${request%"$cr"}
  [ -z "$request" ] && continue
  set -- $request
  path=$2
  close=no
  [ "$3" = "HTTP/1.0" ] && close=yes
  while read -r h; do
    h=${h%"$cr"}
    [ -z "$h" ] && break
    case "$h" in [Cc]onnection:*[Cc]lose*) close=yes ;; esac
  done
  [ -f /tmp/draining ] && close=yes
  case "$path" in
    /) status="200 OK"; body="$VERSION from $HOSTNAME" ;;
    /healthz) status="200 OK"; body=ok ;;
    *) status="404 Not Found"; body="not found" ;;
  esac
  conn=keep-alive
  [ $close = yes ] && conn=close
  printf 'HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: %s\r\n\r\n%s\n' "$status" $((${#body} + 1)) "$conn" "$body"
  [ $close = yes ] && exit 0
done
SERVE
chmod +x "$ctx/serve.sh"
for v in 1 2; do
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
COPY serve.sh /serve.sh
ENV VERSION=v$v
EXPOSE 8080
CMD ["/bin/sh", "-c", "trap 'touch /tmp/draining; kill \$pid; sleep 1; exit 0' TERM; nc -ll -p 8080 -e /serve.sh & pid=\$!; wait \$pid"]
DOCKERFILE
  docker build -q -t "$image:$v" "$ctx" >/dev/null 2>&1
done
rm -rf "$ctx"

left_swarm=""
if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != "active" ]; then
  docker swarm init --advertise-addr 127.0.0.1 >/dev/null
  left_swarm=yes
fi
cleanup() {
  stop_agents
  docker service rm rollout-swarm >/dev/null 2>&1 || true
  [ -n "$left_swarm" ] && docker swarm leave --force >/dev/null 2>&1 || true
}
trap cleanup EXIT

ensure_jar
start_agents 1 18643 19001 --runtime docker
api=127.0.0.2:18643
echo "machine: $(nproc) cores; $(docker version --format 'Docker engine {{.Server.Version}}'); 1 Shoal agent at $api; $reps race(s) each"
echo "columns: system N update_ms ok_requests failed_requests"

echo "warm-up (not measured):"
for sys in swarm shoal; do java "$root/bench/RolloutRace.java" "$sys" 10 "$image:1" "$image:2" "$api"; done

results=$(mktemp)
for n in "${sizes[@]}"; do
  for rep in $(seq 1 "$reps"); do
    # alternate the order so neither system always runs first
    if [ $((rep % 2)) -eq 1 ]; then order="swarm shoal"; else order="shoal swarm"; fi
    for sys in $order; do
      java "$root/bench/RolloutRace.java" "$sys" "$n" "$image:1" "$image:2" "$api" | tee -a "$results"
    done
  done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
printf '%-6s %10s %10s %12s %16s %16s\n' N swarm_ms shoal_ms shoal/swarm swarm_failed shoal_failed
for n in "${sizes[@]}"; do
  s=$(awk -v n="$n" '$1=="swarm" && $2==n {print $3}' "$results" | median)
  h=$(awk -v n="$n" '$1=="shoal" && $2==n {print $3}' "$results" | median)
  sf=$(awk -v n="$n" '$1=="swarm" && $2==n {f+=$5; t+=$4+$5} END {print f "/" t}' "$results")
  hf=$(awk -v n="$n" '$1=="shoal" && $2==n {f+=$5; t+=$4+$5} END {print f "/" t}' "$results")
  printf '%-6s %10s %10s %12.2f %16s %16s\n' "$n" "$s" "$h" "$(echo "$h/$s" | bc -l)" "$sf" "$hf"
done
rm -f "$results"
