# Sourced by scripts/test and .ci/run: what the tests need besides Python packages.
# - system packages (Chromium for the browser tests, libical and GObject introspection for
#   the calendar validators): installed with apt-get when run as root and missing, or one
#   line saying which command to run;
# - PostgreSQL (at DATABASE_URL) and Redis (at TEST_REDIS_URL): started when they do not
#   answer and they are local.
# Needs ROOT (the repository).

SYSTEM_PACKAGES=(chromium gir1.2-ical-3.0 libgirepository1.0-dev libcairo2-dev pkg-config)

_say() { printf '==> %s\n' "$*" >&2; }

_wait_for() {  # _wait_for NAME COMMAND...: up to 30 s
    for _ in $(seq 60); do
        if "${@:2}" >/dev/null 2>&1; then return 0; fi
        sleep 0.5
    done
    echo "$1 did not start" >&2
    return 1
}

setup_system_packages() {
    command -v dpkg >/dev/null 2>&1 || return 0  # not Debian: the packages are the user's
    local missing=()
    for package in "${SYSTEM_PACKAGES[@]}"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        _say "installing system packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "missing system packages; run: sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
}

_url_host() { python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(p.hostname or "127.0.0.1", p.port or int(sys.argv[2]))' "$1" "$2"; }

_local() { case "$1" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac; }

setup_postgres() {  # setup_postgres URL
    local host port
    read -r host port < <(_url_host "$1" 5432)
    if pg_isready -h "$host" -p "$port" -q 2>/dev/null; then return 0; fi
    if _local "$host" && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
        local version
        version="$(ls /etc/postgresql | sort -V | tail -n 1)"
        _say "starting PostgreSQL $version"
        if [ "$(id -u)" -eq 0 ]; then
            pg_ctlcluster --skip-systemctl-redirect "$version" main start
        else
            echo "PostgreSQL does not answer at $host:$port; run: sudo pg_ctlcluster $version main start" >&2
            exit 1
        fi
        _wait_for PostgreSQL pg_isready -h "$host" -p "$port" || exit 1
    fi
}

setup_redis() {  # setup_redis URL
    local host port
    read -r host port < <(_url_host "$1" 6379)
    if redis-cli -h "$host" -p "$port" ping >/dev/null 2>&1; then return 0; fi
    if _local "$host" && command -v redis-server >/dev/null 2>&1; then
        _say "starting Redis on port $port"
        local dir="${TMPDIR:-/tmp}/rotations-redis-$port"
        mkdir -p "$dir"
        redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" \
            --appendonly no --dir "$dir" --logfile "$dir/redis.log"
        _wait_for Redis redis-cli -h "$host" -p "$port" ping || exit 1
    else
        echo "Redis does not answer at $host:$port; install redis-server or set TEST_REDIS_URL" >&2
        exit 1
    fi
}
