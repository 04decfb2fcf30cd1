#!/usr/bin/env bash
# Applies asadmin command files to a Payara domain: starts the domain if it is not running, runs
# each file in one multimode session, and stops the domain again if this script started it.
#
#   server-config/payara/configure.sh file.asadmin [more.asadmin ...]
#
# Environment: PAYARA_HOME (default: the Payara this project provisions with -Ppayara), DOMAIN
# (default domain1).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
PAYARA_HOME=${PAYARA_HOME:-$here/target/payara6}
DOMAIN=${DOMAIN:-domain1}
asadmin="$PAYARA_HOME/bin/asadmin"

if [ ! -x "$asadmin" ]; then
  echo "configure.sh: no Payara at $PAYARA_HOME (mvn -Ppayara -pl server-config package provisions it)" >&2
  exit 1
fi

started=no
if ! "$asadmin" list-domains | grep -q "^$DOMAIN running"; then
  "$asadmin" start-domain "$DOMAIN" >/dev/null
  started=yes
fi
status=0
for file in "$@"; do
  "$asadmin" multimode --file "$file" || status=$?
done
if [ "$started" = yes ]; then
  "$asadmin" stop-domain "$DOMAIN" >/dev/null
fi
exit $status
