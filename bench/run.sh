#!/usr/bin/env bash
# The fan-out benchmark: our EAR on WildFly beside a Socket.IO 4 server, driven by the same load
# generator on this machine, all on 127.0.0.1. Every run is bounded (clients x cells x seconds)
# and stops by itself; both servers are stopped on exit, also on Ctrl-C or failure.
#
#   bench/run.sh                 the full matrix (about 15 minutes on 2 cores); writes bench/target/results/
#   bench/run.sh --smoke         200 clients, a few seconds per target: checks that every message
#                                arrives once and in order (the CI smoke; it asserts no speed)
#
# Options:
#   --out DIR          where results.jsonl, RESULTS.md and the server logs go (bench/target/results)
#   --clients "N ..."  client counts of the WebSocket matrix (default "1000 5000 10000")
#   --cells LIST       channels:rate cells, lightest first (default 100:50,100:200,1:10,100:1000,1:50)
#   --duration S       seconds each cell publishes (default 10), after --warmup S (default 2)
#   --server-warmup S  seconds of load on each freshly started server before anything is measured,
#                      so that the JIT has compiled the hot path (default 90)
#   --targets "T ..."  any of realtime socketio realtime-sse realtime-longpoll realtime-socketio
#                      (default: all of them; the last three run 1000 clients on the 100-channel cells)
#   --jvm "OPTS"       WildFly's JVM options instead of server-config/wildfly/jvm.options
#   --publish MODE     server (default): each server publishes the cell itself (RealtimeManager.broadcast,
#                      io.to(room).emit); http: the load generator sends one HTTP request per message
#   --io-threads N     WildFly's I/O threads (io subsystem, default worker) instead of its default
#                      (twice the cores)
#   --tag TEXT         appended to the labels ("realtime [TEXT]"), to compare settings or builds
#   --ear FILE         the EAR to run (default ear/target/realtime.ear, built when missing); a copy of it
#                      gets the benchmark's publisher WAR (bench/target/*-server.war) at /bench
#   --no-build         never run Maven (the EAR, the publisher WAR and WildFly must be built already)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bench="$root/bench"
out="$bench/target/results"
clients="1000 5000 10000"
cells="100:50,100:200,1:10,100:1000,1:50"
extra_cells="100:50,100:200"
duration=10
warmup=2
server_warmup=90
drain=15
targets="realtime socketio realtime-sse realtime-longpoll realtime-socketio"
jvm=""
publish=server
io_threads=""
tag=""
ear="$root/ear/target/realtime.ear"
build=true
smoke=false
offset=300 # WildFly on 8380 (management 10290), away from a WildFly running on the defaults
peer_port=3100
secret=bench-secret

while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=true ;;
    --out) out=$2; shift ;;
    --clients) clients=$2; shift ;;
    --cells) cells=$2; shift ;;
    --duration) duration=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --server-warmup) server_warmup=$2; shift ;;
    --targets) targets=$2; shift ;;
    --jvm) jvm=$2; shift ;;
    --publish) publish=$2; shift ;;
    --io-threads) io_threads=$2; shift ;;
    --tag) tag=$2; shift ;;
    --ear) ear=$2; shift ;;
    --no-build) build=false ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | cut -c3-; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (see the comment at the top)" >&2; exit 2 ;;
  esac
  shift
done
if $smoke; then
  clients=200 cells="1:20,100:100" extra_cells="100:100" duration=2 warmup=0 server_warmup=0 drain=5
fi
[ -n "$jvm" ] || jvm=$(grep -v '^#' "$root/server-config/wildfly/jvm.options" | xargs)

listening() { (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
for port in $((8080 + offset)) $((9990 + offset)) $peer_port; do
  if listening "$port"; then
    echo "bench/run.sh: 127.0.0.1:$port is taken (a benchmark still running?); stop it first" >&2
    exit 1
  fi
done

bench_war() { ls "$bench"/target/realtime-bench-*-server.war 2>/dev/null | head -n 1; }
if $build && { [ ! -f "$ear" ] || [ -z "$(bench_war)" ]; }; then
  (cd "$root" && mvn -B -q package -DskipTests -DskipITs -Dspotless.check.skip=true \
    -pl server-config,realtime-ejb,realtime-web,realtime-batch,ear,bench -am)
fi
home=$(ls -d "$root"/server-config/target/wildfly-*/ 2>/dev/null | head -n 1)
war=$(bench_war)
if [ -z "$home" ] || [ ! -f "$ear" ] || [ -z "$war" ]; then
  echo "bench/run.sh: no WildFly under server-config/target, no $ear or no bench/target/*-server.war;" \
    "build first (mvn package)" >&2
  exit 1
fi
if [ ! -d "$bench/node/node_modules/socket.io" ]; then
  (cd "$bench/node" && npm ci --no-audit --no-fund --loglevel=error)
fi

mkdir -p "$out"
rm -f "$out/results.jsonl"
printf '{"jvm":"%s","duration":%s,"warmup":%s,"serverWarmup":%s,"publish":"%s","clients":"%s","cells":"%s"}\n' \
  "$jvm" "$duration" "$warmup" "$server_warmup" "$publish" "$clients" "$cells" >"$out/settings.json"
results="$out/results.jsonl"
server_pid=""
peer_pid=""

stop_servers() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
  if [ -n "$peer_pid" ]; then
    kill "$peer_pid" 2>/dev/null || true
    wait "$peer_pid" 2>/dev/null || true
    peer_pid=""
  fi
}
trap stop_servers EXIT

# copies the EAR under test to $1 with the publisher WAR added as a web module at /bench (the
# product EAR never holds it); the WAR injects the EAR's RealtimeManager as an application's would
bench_ear() {
  local target=$1 work
  work=$(mktemp -d)
  cp "$ear" "$target"
  cp "$war" "$work/realtime-bench.war"
  (cd "$work" && unzip -q "$target" META-INF/application.xml)
  # after the last module, where the schema wants it (before library-directory)
  perl -0pi -e 's|(.*</module>)|$1\n  <module><web><web-uri>realtime-bench.war</web-uri><context-root>/bench</context-root></web></module>|s' \
    "$work/META-INF/application.xml"
  grep -q realtime-bench.war "$work/META-INF/application.xml" || { echo "bench: no module list in $ear" >&2; exit 1; }
  (cd "$work" && zip -q "$target" META-INF/application.xml realtime-bench.war)
  rm -rf "$work"
}

# Every client of the load generator comes from 127.0.0.1, thousands within seconds: the admission
# limits (per address, per node, handshake rate) are lifted so that they measure the server, not it.
start_wildfly() {
  local base="$bench/target/wildfly"
  rm -rf "$base"
  cp -r "$home/standalone" "$base"
  bench_ear "$base/deployments/realtime.ear"
  if [ -n "$io_threads" ]; then
    sed -i "s|<worker name=\"default\"/>|<worker name=\"default\" io-threads=\"$io_threads\"/>|" \
      "$base/configuration/standalone-full.xml"
  fi
  echo "bench: WildFly on 127.0.0.1:$((8080 + offset)) with JVM options: $jvm"
  JAVA_OPTS="$jvm" LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$base/pid" \
    "$home/bin/standalone.sh" -c standalone-full.xml \
    -Djboss.server.base.dir="$base" \
    -Djboss.socket.binding.port-offset=$offset \
    -Djboss.node.name=bench \
    -Drealtime.app.key=app-key \
    -Drealtime.app.secret=$secret \
    -Drealtime.admission.connections-per-address=1000000 \
    -Drealtime.admission.connections-per-node=1000000 \
    -Drealtime.admission.handshake-rate=1000000 \
    -Drealtime.admission.handshake-burst=1000000 \
    >"$out/wildfly.log" 2>&1 &
  local launcher=$!
  for _ in $(seq 1 180); do
    # known as soon as it exists, so that the exit trap stops a server that never came up too
    [ -n "$server_pid" ] || [ ! -s "$base/pid" ] || server_pid=$(cat "$base/pid")
    if [ -n "$server_pid" ] && curl -fs -o /dev/null "http://127.0.0.1:$((8080 + offset))/realtime/health"; then
      return
    fi
    kill -0 "$launcher" 2>/dev/null || break
    sleep 1
  done
  echo "bench: WildFly did not come up; see $out/wildfly.log" >&2
  exit 1
}

start_peer() {
  node --expose-gc "$bench/node/socketio-peer.mjs" --port $peer_port --secret $secret >"$out/peer.log" 2>&1 &
  peer_pid=$!
  for _ in $(seq 1 30); do listening $peer_port && return; sleep 0.5; done
  echo "bench: the Socket.IO peer did not come up; see $out/peer.log" >&2
  exit 1
}

# runs the load generator: target transport clients cells [output]
load() {
  local target=$1 transport=$2 n=$3 run_cells=$4 output=${5:-$results} base stats=()
  if [ "$target" = socketio ]; then
    base="http://127.0.0.1:$peer_port"
    stats=(--stats-url "$base/stats" --pid "$peer_pid")
  else
    base="http://127.0.0.1:$((8080 + offset))"
    stats=(--pid "$server_pid")
  fi
  local label=$target
  [ "$transport" = websocket ] || label="$target $transport"
  [ -z "$tag" ] || label="$label [$tag]"
  local check=()
  $smoke && check=(--check)
  node "$bench/node/loadgen.mjs" --target "$target" --transport "$transport" --base "$base" "${stats[@]}" \
    --clients "$n" --cells "$run_cells" --duration "$duration" --warmup "$warmup" --secret $secret --publish "$publish" \
    --drain "$drain" --label "$label" --out "$output" "${check[@]}"
}

# loads a fresh server for --server-warmup seconds; nothing of it is reported
warm_up() {
  [ "$server_warmup" -gt 0 ] || return 0
  local half=$((server_warmup / 2))
  duration=$half warmup=0 load "$1" websocket 500 "1:20,100:500" /dev/null >/dev/null 2>&1 || true
}

wants() { [[ " $targets " == *" $1 "* ]]; }

status=0
if wants realtime || wants realtime-sse || wants realtime-longpoll || wants realtime-socketio; then
  start_wildfly
  warm_up realtime
  if wants realtime; then for n in $clients; do load realtime websocket "$n" "$cells" || status=1; done; fi
  if $smoke && [ "$publish" = server ]; then # the other publish mode too, so that it keeps working
    publish=http tag=http load realtime websocket "$clients" "$extra_cells" || status=1
  fi
  small=${clients%% *}
  if wants realtime-sse; then load realtime sse "$small" "$extra_cells" || status=1; fi
  if wants realtime-longpoll; then load realtime longpoll "$small" "$extra_cells" || status=1; fi
  if wants realtime-socketio; then load realtime socketio "$small" "$extra_cells" || status=1; fi
  stop_servers
fi
if wants socketio; then
  start_peer
  warm_up socketio
  for n in $clients; do load socketio websocket "$n" "$cells" || status=1; done
  if $smoke && [ "$publish" = server ]; then
    publish=http tag=http load socketio websocket "$clients" "$extra_cells" || status=1
  fi
  stop_servers
fi

node "$bench/node/report.mjs" "$results" >"$out/RESULTS.md"
echo "bench: results in $out/RESULTS.md"
exit $status
