#!/usr/bin/env bash
# A single-node Kafka broker (KRaft) for trying the kafka broker locally, from the jars the
# server-config module copies from Maven Central (mvn -pl server-config package).
#
#   server-config/kafka/kafka.sh start   # formats a fresh log directory, starts in the background
#   server-config/kafka/kafka.sh stop
#
# Environment: KAFKA_PORT (default 9092; the controller listens on KAFKA_PORT+1).
# Data and log live under server-config/target/kafka/ (deleted by `start`).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
libs="$here/target/kafka/libs"
work="$here/target/kafka/node"
port=${KAFKA_PORT:-9092}
controller=$((port + 1))

case "${1:-}" in
  start)
    if [ ! -d "$libs" ]; then
      echo "No Kafka jars in $libs: run 'mvn -pl server-config package' first." >&2
      exit 1
    fi
    if [ -f "$work/pid" ] && kill -0 "$(cat "$work/pid")" 2>/dev/null; then
      echo "Kafka is already running (pid $(cat "$work/pid"))."
      exit 0
    fi
    rm -rf "$work" && mkdir -p "$work/data"
    cat > "$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$work/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
    java -cp "$libs/*" kafka.tools.StorageTool format -t "$(cat /proc/sys/kernel/random/uuid)" \
      -c "$work/server.properties" > "$work/format.log" 2>&1
    nohup java -Xmx512m -cp "$libs/*" kafka.Kafka "$work/server.properties" > "$work/server.log" 2>&1 &
    echo $! > "$work/pid"
    for _ in $(seq 1 120); do
      if (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
        echo "Kafka is up on 127.0.0.1:$port (log: $work/server.log)."
        exit 0
      fi
      sleep 0.5
    done
    echo "Kafka did not start; see $work/server.log" >&2
    exit 1
    ;;
  stop)
    if [ -f "$work/pid" ]; then
      kill "$(cat "$work/pid")" 2>/dev/null || true
      rm -f "$work/pid"
      echo "Kafka stopped."
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
