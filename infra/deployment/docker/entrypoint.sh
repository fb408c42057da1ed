#!/bin/sh
# Entrypoint of every service image. Docker Compose mounts each secret as a file
# /run/secrets/<NAME>; this exports each such file whose name is an environment variable name as
# that variable (trailing newlines dropped), unless the variable is already set, and then runs the
# command. The services so read their secrets as ordinary environment variables without the
# values ever appearing in the compose file or in `docker inspect`.
set -eu

if [ -d /run/secrets ]; then
    for file in /run/secrets/*; do
        [ -f "$file" ] || continue
        name=$(basename "$file")
        case "$name" in
            '' | [0-9]* | *[!A-Za-z0-9_]*) continue ;;
        esac
        if eval "[ -z \"\${$name+set}\" ]"; then
            value=$(cat "$file")
            export "$name=$value"
        fi
    done
fi

# The OpenTelemetry Java agent, an option beside the services' own tracing (see
# docs/observability-logs-traces.md): attached to every JVM the command starts when asked for.
if [ "${OTEL_JAVAAGENT_ENABLED:-false}" = "true" ]; then
    export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -javaagent:/otel/opentelemetry-javaagent.jar"
fi

exec "$@"
