#!/usr/bin/env bash
# Builds the EAR, provisions WildFly 39 (from Maven Central, cached in ~/.m2), and runs it in the
# foreground with the EAR deployed and the demo enabled. Ctrl-C stops it. It runs the slim
# configuration standalone-realtime.xml (standalone-full.xml without what the EAR does not use; see
# wildfly/slim.cli and docs/deployment.md).
#
#   server-config/run-wildfly.sh [-Dkey=value ...]
#
# The JVM options come from server-config/wildfly/jvm.options (heap and collector, chosen with the
# fan-out benchmark) unless JAVA_OPTS is set.
# Extra arguments go to standalone.sh, e.g. -Drealtime.app.key=my-key -Drealtime.app.secret=s3cret.
# The server runs from its own base directory (server-config/target/run), so the integration tests'
# server (server-config/target/wildfly-*/standalone) stays clean.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

mvn -B -q package -DskipTests -DskipITs -Dspotless.check.skip=true

home=$(ls -d "$root"/server-config/target/wildfly-*/ | head -n 1)
base="$root/server-config/target/run"
rm -rf "$base"
cp -r "$home/standalone" "$base"
cp ear/target/realtime.ear "$base/deployments/"

JAVA_OPTS=${JAVA_OPTS:-$(grep -v '^#' "$root/server-config/wildfly/jvm.options" | xargs)}
export JAVA_OPTS
echo "Starting WildFly; open http://localhost:8080/demo/ once it says 'Deployed \"realtime.ear\"'."
exec "$home/bin/standalone.sh" -c standalone-realtime.xml \
  -Djboss.server.base.dir="$base" \
  -Drealtime.demo.enabled=true \
  "$@"
