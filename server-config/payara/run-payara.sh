#!/usr/bin/env bash
# Builds the EAR, provisions Payara Server 6.2025.9 (from Maven Central, cached in ~/.m2),
# configures the domain, and deploys the EAR with the demo enabled; follows the server log until
# Ctrl-C, which stops the domain.
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

"$asadmin" start-domain domain1
trap '"$asadmin" stop-domain domain1' EXIT
"$asadmin" create-system-properties "$properties"
"$asadmin" deploy --force=true --name realtime ear/target/realtime.ear
echo "Deployed; open http://localhost:8080/demo/ (Ctrl-C stops Payara)."
tail -n 0 -f "$PAYARA_HOME/glassfish/domains/domain1/logs/server.log"
