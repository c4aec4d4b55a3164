#!/usr/bin/env bash
# Shoal's Service proxy against a direct connection and HAProxy (TCP mode), in ONE run, against
# the SAME backend (nginx), on loopback only. Three workloads, each driven by wrk:
#   keep-alive  small HTTP requests on persistent connections  -> requests/s, p50, p99
#   per-conn    one request per connection (Connection: close) -> connections/s
#   bulk        1 MiB responses on persistent connections      -> GB/s
# Every result is printed with its ratio to direct and to HAProxy, and with the proxy's own CPU
# use (a proxy that is not the bottleneck shows it there).
#
# Pinning (the machine has 2 cores; everything shares them):
#   core $PROXY_CPU: the proxy under test (Shoal's JVM with 1 event loop thread, or HAProxy nbthread 1)
#   core $LOAD_CPU:  wrk (1 thread) and nginx (1 worker), in every run, direct ones included
#
# Processes: nginx on 127.0.0.1:18480, Shoal on 127.10.0.5:18481, HAProxy on 127.10.0.6:18482.
# The Shoal proxy is dev.shoal.proxy.bench.ProxyMain (proxy's test tree), run as:
#   java -cp proxy/target/classes:proxy/target/test-classes:$(cat proxy/target/bench.cp) \
#        dev.shoal.proxy.bench.ProxyMain 127.10.0.5:18481 127.0.0.1:18480 1
#
# Installs: if wrk or nginx is missing it runs `apt-get install -y wrk nginx` and says so first.
# Other work on the machine shows up as noise, so each (workload, target) is measured ROUNDS times,
# interleaved and in a rotating order, and the table shows medians (each run's p50/p99 -> median).
#
# usage: bench/proxy.sh [SECONDS_PER_RUN=5] [ROUNDS=5]   (MVN_ARGS defaults to -o, offline; set MVN_ARGS= to go online)
#        env: CONNS_SMALL=32 CONNS_CLOSE=32 CONNS_BULK=8 WARMUP=3 JIT_WARMUP=10 PROXY_CPU=0 LOAD_CPU=1
#             NICE=-10 runs every process of the benchmark at that priority (root only): on a machine
#             busy with other work, a proxy at nice 0 gets only its fair share of its core, and the
#             table then measures the scheduler rather than the proxies. Off by default.
# Shoal's JVM first gets JIT_WARMUP seconds of each workload, unmeasured: on one shared core the
# JIT needs ~15 s to compile the hot paths, and a node's proxy runs for days, so the steady state
# is what counts. (Measured cold, per-connection CPU starts ~5x higher and falls over ~15 s.)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
secs=${1:-5}
rounds=${2:-5}
warmup=${WARMUP:-3}
jit_warmup=${JIT_WARMUP:-10}
c_small=${CONNS_SMALL:-32}; c_close=${CONNS_CLOSE:-32}; c_bulk=${CONNS_BULK:-8}
proxy_cpu=${PROXY_CPU:-0}; load_cpu=${LOAD_CPU:-1}
prio=(); [ -n "${NICE:-}" ] && prio=(nice -n "$NICE")
nginx_addr=127.0.0.1:18480; shoal_addr=127.10.0.5:18481; haproxy_addr=127.10.0.6:18482

missing=()
for tool in wrk nginx; do command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} with: apt-get install -y wrk nginx (Debian packages)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null
fi
for tool in haproxy taskset curl; do command -v "$tool" >/dev/null 2>&1 || { echo "$tool is required"; exit 1; }; done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

mvn -q -B ${MVN_ARGS--o} -pl proxy -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$root/proxy/target/bench.cp" -Dmdep.includeScope=test >/dev/null

work=$(mktemp -d /tmp/shoal-proxy-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# ---- the backend: nginx, one worker, its own config and files
mkdir -p "$work/www" "$work/tmp"
head -c 100 /dev/zero | tr '\0' 'x' >"$work/www/small"
head -c $((1024 * 1024)) /dev/urandom >"$work/www/1m"
cat >"$work/nginx.conf" <<CONF
user root;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 100000000; keepalive_timeout 120s;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  default_type application/octet-stream;
  server {
    listen $nginx_addr backlog=4096;
    root $work/www;
  }
}
CONF
"${prio[@]}" taskset -c "$load_cpu" "$NGINX" -e "$work/nginx-error.log" -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)

# ---- HAProxy, TCP mode, one thread, defaults otherwise (16 KiB buffers, no splice)
cat >"$work/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 8000   # two sockets per connection must fit under the fd limit (ulimit -n)
defaults
  mode tcp
  timeout connect 2s
  timeout client 60s
  timeout server 60s
listen bench
  bind $haproxy_addr
  server nginx $nginx_addr
CONF
"${prio[@]}" taskset -c "$proxy_cpu" haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!; pids+=($haproxy_pid)

# ---- Shoal's proxy: one event loop thread; its JVM (GC, JIT) is pinned to the same core
"${prio[@]}" taskset -c "$proxy_cpu" java -Xms256m -Xmx256m \
  -cp "proxy/target/classes:proxy/target/test-classes:$(cat proxy/target/bench.cp)" \
  dev.shoal.proxy.bench.ProxyMain "$shoal_addr" "$nginx_addr" 1 >"$work/shoal.log" 2>&1 &
shoal_pid=$!; pids+=($shoal_pid)

for url in "http://$nginx_addr/small" "http://$haproxy_addr/small" "http://$shoal_addr/small"; do
  deadline=$((SECONDS + 30))
  until curl -sf -o /dev/null "$url"; do
    [ $SECONDS -lt $deadline ] || { echo "$url never answered"; tail -n 5 "$work"/*.log; exit 1; }
    sleep 0.2   # polling interval while waiting for readiness, bounded by the deadline
  done
done

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
echo "pinning: proxy under test on core $proxy_cpu; wrk (-t1) and nginx (worker_processes 1) on core $load_cpu; priority: nice ${NICE:-0}"
echo "shoal:   $(head -1 "$work/shoal.log"); $(java -version 2>&1 | head -1)"
echo "haproxy: $(haproxy -v | head -1 | cut -d' ' -f1-3), nbthread 1, mode tcp, default tune.bufsize (16 KiB), no splice"
echo "nginx:   $("$NGINX" -v 2>&1 | cut -d' ' -f3), 1 worker, sendfile; bodies: 100 B and 1 MiB"
echo "runs:    $rounds rounds x ${secs}s per workload and target, after a ${warmup}s warm-up each; medians shown"
echo "jit:     ${jit_warmup}s of each workload through Shoal before anything is measured"
echo "wrk:     -t1; connections: keep-alive $c_small, per-conn $c_close (-H 'Connection: close'), bulk $c_bulk"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) before the runs; other work on this machine is noise"
echo

# cpu_ticks PID: user+system clock ticks of a process so far (all its threads)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
results="$work/results"

# run WORKLOAD TARGET: appends "workload target rate p50_us p99_us errors cpu_pct bytes_per_s cpu_us_per_request" to $results
run() {
  local workload=$1 target=$2 addr pid="" path conns extra=() out t0=0 t1=0
  case $target in direct) addr=$nginx_addr ;; shoal) addr=$shoal_addr; pid=$shoal_pid ;; haproxy) addr=$haproxy_addr; pid=$haproxy_pid ;; esac
  case $workload in
    keepalive) path=/small; conns=$c_small ;;
    perconn)   path=/small; conns=$c_close; extra=(-H 'Connection: close') ;;
    bulk)      path=/1m;    conns=$c_bulk ;;
  esac
  [ -n "$pid" ] && t0=$(cpu_ticks "$pid")
  out=$("${prio[@]}" taskset -c "$load_cpu" wrk -t1 -c"$conns" -d"${secs}s" --timeout 5s "${extra[@]}" -s bench/proxy-wrk.lua "http://$addr$path" | grep '^RESULT')
  [ -n "$pid" ] && t1=$(cpu_ticks "$pid")
  echo "$out" | awk -v w="$workload" -v t="$target" -v a="$t0" -v b="$t1" -v hz="$hz" -v pid="$pid" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      s = v["duration_us"] / 1e6
      cpu = pid == "" ? -1 : 100 * (b - a) / hz / s
      rate = v["requests"] / s
      cpu_us = pid == "" || rate == 0 ? -1 : cpu * 1e4 / rate   # proxy CPU time per request, microseconds
      printf "%s %s %.1f %d %d %d %.1f %.1f %.1f\n", w, t, rate, v["p50_us"], v["p99_us"], v["errors"], cpu, v["bytes"] / s, cpu_us
    }' | tee -a "$results" | sed 's/^/  run: /' >&2
}

warm() {
  local workload=$1 target=$2 addr path conns extra=()
  case $target in direct) addr=$nginx_addr ;; shoal) addr=$shoal_addr ;; haproxy) addr=$haproxy_addr ;; esac
  case $workload in keepalive) path=/small; conns=$c_small ;; perconn) path=/small; conns=$c_close; extra=(-H 'Connection: close') ;; bulk) path=/1m; conns=$c_bulk ;; esac
  "${prio[@]}" taskset -c "$load_cpu" wrk -t1 -c"$conns" -d"${warmup}s" "${extra[@]}" "http://$addr$path" >/dev/null
}

targets=(direct shoal haproxy)
for workload in keepalive perconn bulk; do (warmup=$jit_warmup; warm "$workload" shoal); done
echo "  (per run: workload target rate/s p50_us p99_us errors proxy_cpu_% bytes/s proxy_cpu_us/request)" >&2
for workload in keepalive perconn bulk; do
  for target in "${targets[@]}"; do warm "$workload" "$target"; done
  for r in $(seq 0 $((rounds - 1))); do
    for k in 0 1 2; do run "$workload" "${targets[$(((r + k) % 3))]}"; done   # rotate who goes first
  done
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) after the runs"
echo

# med WORKLOAD TARGET FIELD: median over the rounds (fields: 3 rate, 4 p50, 5 p99, 6 errors, 7 cpu, 8 bytes/s, 9 cpu us/request)
med() {
  awk -v w="$1" -v t="$2" '$1 == w && $2 == t' "$results" | awk -v f="$3" '{print $f}' | sort -g \
    | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}
sum() { awk -v w="$1" -v t="$2" -v f="$3" '$1 == w && $2 == t {s += $f} END {print s + 0}' "$results"; }
fmt() { awk -v x="$1" -v k="${2:-}" 'BEGIN{ if (x < 0) print "-"; else if (k == "ms") printf "%.2f", x / 1000; else if (k == "gb") printf "%.2f", x / 1e9; else printf "%.0f", x }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b <= 0 || a < 0) print "-"; else printf "%.2f", a / b }'; }

# row LABEL METRIC FIELD UNIT: one line of medians with ratios; the note column says more
row() {
  local d s h
  d=$(med "$4" direct "$3"); s=$(med "$4" shoal "$3"); h=$(med "$4" haproxy "$3")
  printf "%-24s %-7s %9s %9s %9s %10s %10s %9s   %s\n" "$1" "$2" "$(fmt "$d" "$5")" "$(fmt "$s" "$5")" "$(fmt "$h" "$5")" \
    "$(ratio "$s" "$d")" "$(ratio "$s" "$h")" "$(ratio "$h" "$d")" "${6:-}"
}
note() {   # proxy CPU medians and wrk errors summed over the rounds
  echo "cpu shoal $(fmt "$(med "$1" shoal 7)")% haproxy $(fmt "$(med "$1" haproxy 7)")%; errors $(sum "$1" direct 6)/$(sum "$1" shoal 6)/$(sum "$1" haproxy 6)"
}
printf "%-24s %-7s %9s %9s %9s %10s %10s %9s   %s\n" "workload" "metric" "direct" "shoal" "haproxy" "shoal/dir" "shoal/hap" "hap/dir" \
  "proxy CPU (median); wrk errors direct/shoal/haproxy"
row "keep-alive 100 B c=$c_small" "req/s" 3 keepalive "" "$(note keepalive)"
row "" "p50 ms" 4 keepalive ms "(latency ratios: lower is better)"
row "" "p99 ms" 5 keepalive ms
row "" "cpu us" 9 keepalive "" "(proxy CPU per request: lower is better; steadier than rates here)"
row "per-conn 100 B c=$c_close" "conn/s" 3 perconn "" "$(note perconn)"
row "" "p50 ms" 4 perconn ms
row "" "p99 ms" 5 perconn ms
row "" "cpu us" 9 perconn "" "(proxy CPU per connection)"
row "bulk 1 MiB c=$c_bulk" "GB/s" 8 bulk gb "$(note bulk)"
row "" "p99 ms" 5 bulk ms
row "" "cpu us" 9 bulk "" "(proxy CPU per 1 MiB response)"
