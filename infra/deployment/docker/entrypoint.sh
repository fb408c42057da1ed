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

exec "$@"
