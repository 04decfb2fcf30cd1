#!/usr/bin/env bash
# Builds the EAR, provisions Payara Server 6.2025.9 (from Maven Central, cached in ~/.m2), creates
# a fresh domain "run" (so the tests' domain1 stays as it is), applies configure.asadmin, and deploys
# the EAR with the demo enabled; follows the server log until Ctrl-C, which stops the domain.
#
#   server-config/payara/run-payara.sh [realtime.key=value ...]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mvn -B -q package -Ppayara -DskipTests -DskipITs -Dspotless.check.skip=true

PAYARA_HOME="$root/server-config/target/payara6"
asadmin="$PAYARA_HOME/bin/asadmin"
properties="realtime.demo.enabled=true"
for arg in "$@"; do
  properties="$properties:${arg//:/\\:}"
done

"$asadmin" delete-domain run >/dev/null 2>&1 || true
"$asadmin" create-domain --nopassword=true run >/dev/null
PAYARA_HOME="$PAYARA_HOME" DOMAIN=run "$root/server-config/payara/configure.sh" "$root/server-config/payara/configure.asadmin"
"$asadmin" start-domain run
trap '"$asadmin" stop-domain run' EXIT
"$asadmin" create-system-properties "$properties"
"$asadmin" deploy --force=true --name realtime ear/target/realtime.ear
echo "Deployed; open http://localhost:8080/demo/ (Ctrl-C stops Payara)."
tail -n 0 -f "$PAYARA_HOME/glassfish/domains/run/logs/server.log"
