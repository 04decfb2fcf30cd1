#!/usr/bin/env bash
# Writes $JBOSS_HOME/standalone/configuration/standalone-realtime.xml: a fresh copy of the prepared
# standalone-full.xml with slim.cli applied (see there for what it removes). Idempotent.
set -euo pipefail
: "${JBOSS_HOME:?set JBOSS_HOME to the WildFly installation}"
config="$JBOSS_HOME/standalone/configuration"
cp "$config/standalone-full.xml" "$config/standalone-realtime.xml"
"$JBOSS_HOME/bin/jboss-cli.sh" --file="$(dirname "$0")/slim.cli"
