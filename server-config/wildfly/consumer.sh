#!/usr/bin/env bash
# This node's broker consumer (the Jakarta Batch job `realtime-consume` in realtime-batch.jar),
# driven through the WildFly admin CLI (the batch-jberet resource of the deployment).
#
#   server-config/wildfly/consumer.sh start [name=value ...]   # job parameters, e.g. channels=user.*,public.*
#   server-config/wildfly/consumer.sh stop                     # graceful: the current batch is delivered and committed
#   server-config/wildfly/consumer.sh restart [name=value ...] # resumes the last stopped execution from its checkpoint
#   server-config/wildfly/consumer.sh show                     # the job's executions and their status
#
# Parameters: broker, channels, batchSize, pollTimeoutMs, maxMessages, stopWhenEmpty (docs/brokers.md).
# Environment: JBOSS_HOME (default: the WildFly this project provisions), CONTROLLER (default
# localhost:9990; a node started with a port offset of 100 is localhost:10090).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
JBOSS_HOME=${JBOSS_HOME:-$(ls -d "$here"/target/wildfly-*/ 2>/dev/null | head -n 1)}
CONTROLLER=${CONTROLLER:-localhost:9990}
job=/deployment=realtime.ear/subdeployment=realtime-batch.jar/subsystem=batch-jberet

if [ -z "$JBOSS_HOME" ] || [ ! -x "$JBOSS_HOME/bin/jboss-cli.sh" ]; then
  echo "consumer.sh: set JBOSS_HOME to a WildFly installation" >&2
  exit 1
fi

cli() {
  "$JBOSS_HOME/bin/jboss-cli.sh" --connect --controller="$CONTROLLER" "$@"
}

# name=value arguments as a CLI properties map: {channels="user.*,public.*",batchSize="100"}
properties() {
  local out="" arg
  for arg in "$@"; do
    case "$arg" in
      *=*) out="$out${out:+,}${arg%%=*}=\"${arg#*=}\"" ;;
      *) echo "consumer.sh: parameters look like name=value, not '$arg'" >&2; exit 2 ;;
    esac
  done
  echo "{$out}"
}

# Ids of the job's executions whose batch-status is $1, newest last.
executions() {
  cli --output-json --command="$job/job=realtime-consume:read-children-resources(child-type=execution,include-runtime=true)" \
    | tr -d '\n' | grep -o '"[0-9][0-9]*" *: *{[^}]*}' \
    | grep "\"batch-status\" *: *\"$1\"" | sed 's/^"\([0-9]*\)".*/\1/' | sort -n
}

case "${1:-}" in
  start)
    shift
    cli --command="$job:start-job(job-xml-name=realtime-consume,properties=$(properties "$@"))"
    ;;
  stop)
    ids=$(executions STARTED)
    if [ -z "$ids" ]; then
      echo "consumer.sh: no running consumer job"
      exit 0
    fi
    for id in $ids; do
      cli --command="$job:stop-job(execution-id=$id)"
    done
    ;;
  restart)
    shift
    id=$(executions STOPPED | tail -n 1)
    if [ -z "$id" ]; then
      id=$(executions FAILED | tail -n 1)
    fi
    if [ -z "$id" ]; then
      echo "consumer.sh: no stopped or failed consumer job to restart" >&2
      exit 1
    fi
    cli --command="$job:restart-job(execution-id=$id,properties=$(properties "$@"))"
    ;;
  show)
    cli --command="$job/job=realtime-consume:read-resource(include-runtime=true,recursive=true)"
    ;;
  *)
    echo "usage: $0 start|stop|restart|show [name=value ...]" >&2
    exit 2
    ;;
esac
