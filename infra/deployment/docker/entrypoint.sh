#!/bin/sh
# Entrypoint of every service image. Secrets are not its business: compose mounts each one as
# /run/secrets/<property name>, and the services read that directory through Spring Boot's
# configtree import (spring.config.import in their application.yml).
set -eu

# The OpenTelemetry Java agent, an option beside the services' own tracing (see
# docs/observability-logs-traces.md): attached to every JVM the command starts when asked for.
if [ "${OTEL_JAVAAGENT_ENABLED:-false}" = "true" ]; then
    export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -javaagent:/otel/opentelemetry-javaagent.jar"
fi

exec "$@"
