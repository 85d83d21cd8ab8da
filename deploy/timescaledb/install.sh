#!/usr/bin/env bash
# Install the TimescaleDB extension (Apache-2 edition) into the local
# PostgreSQL 15 on Debian 12 (bookworm) and enable it.
#
# Debian 12 ships no TimescaleDB package, so this builds Debian 13 (trixie)'s
# source package (2.19.x+dfsg, Apache-only: the dfsg tarball has no tsl/ dir)
# against bookworm's postgresql-server-dev-15. No trixie binary package is
# installed (that would pull in trixie's libc6).
#
# Idempotent: skips the build when the extension is already installed and
# skips the restart when shared_preload_libraries already has timescaledb.
# Run as root. See deploy/README.md.
set -Eeuo pipefail

PG_MAJOR="${PG_MAJOR:-15}"
PG_CLUSTER="${PG_CLUSTER:-main}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
export PGHOST PGPORT PGUSER
SOURCE_SUITE="${TSDB_SOURCE_SUITE:-trixie}"
# Our own apt config, list and cache dirs: the system's sources and lists
# are never touched.
APT_LIST_FILE=/etc/apt/gridcell/${SOURCE_SUITE}-src.list
APT_STATE_DIR=/var/lib/gridcell-apt

log() { echo "==> [timescaledb] $*"; }
die() { echo "ERROR [timescaledb]: $*" >&2; exit 1; }
trap 'rc=$?; echo "ERROR [timescaledb]: command failed (exit $rc) at line $LINENO: $BASH_COMMAND" >&2; exit $rc' ERR

[[ $(id -u) -eq 0 ]] || die "must run as root"

PG_CONFIG="/usr/lib/postgresql/${PG_MAJOR}/bin/pg_config"
[[ -x $PG_CONFIG ]] || PG_CONFIG="$(command -v pg_config || true)"
[[ -n $PG_CONFIG ]] || die "pg_config for PostgreSQL ${PG_MAJOR} not found (is postgresql-${PG_MAJOR} installed?)"

# Quiet psql: no psqlrc, stop on error, no NOTICEs.
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
psql_q() { psql -X -v ON_ERROR_STOP=1 -qAt -d "${1}" -c "${2}"; }

pg_wait_ready() {
    for _ in $(seq 1 60); do
        pg_isready -q -h "$PGHOST" -p "$PGPORT" && return 0
        sleep 1
    done
    die "PostgreSQL did not accept connections on ${PGHOST}:${PGPORT} within 60 s (see /var/log/postgresql/postgresql-${PG_MAJOR}-${PG_CLUSTER}.log)"
}

is_installed() {
    local libdir sharedir
    libdir="$("$PG_CONFIG" --pkglibdir)"
    sharedir="$("$PG_CONFIG" --sharedir)"
    [[ -f "$sharedir/extension/timescaledb.control" ]] || return 1
    [[ -f "$libdir/timescaledb.so" ]] && return 0
    compgen -G "$libdir/timescaledb-2.*.so" >/dev/null
}

# The Debian mirror the system already uses for bookworm main, so the source
# comes from the same place as everything else.
debian_mirror() {
    local codename uri
    codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
    uri="$(apt-get indextargets --format '$(REPO_URI)' "RELEASE: $codename" 'COMPONENT: main' 'IDENTIFIER: Packages' 2>/dev/null | head -n1 || true)"
    if [[ -z $uri ]]; then
        uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
            | grep -oE 'https?://[^ ]+/debian/?' | grep -v security | head -n1 || true)"
    fi
    echo "${uri:-http://deb.debian.org/debian}" | sed 's#/*$##'
}

build_and_install() {
    log "installing build dependencies from apt"
    apt-get update -qq
    local want=(build-essential cmake dpkg-dev xz-utils libssl-dev "postgresql-server-dev-${PG_MAJOR}")
    local missing=() p
    for p in "${want[@]}"; do
        [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" == "install ok installed" ]] || missing+=("$p")
    done
    if ((${#missing[@]})); then
        log "apt-get install ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi

    local mirror
    mirror="$(debian_mirror)"
    log "adding deb-src ${mirror} ${SOURCE_SUITE} main in ${APT_LIST_FILE} (separate apt lists in ${APT_STATE_DIR})"
    mkdir -p "$(dirname "$APT_LIST_FILE")" "$APT_STATE_DIR/lists/partial" "$APT_STATE_DIR/cache/archives/partial"
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror} ${SOURCE_SUITE} main" > "$APT_LIST_FILE"
    local apt_opts=(
        -o "Dir::Etc::SourceList=${APT_LIST_FILE}"
        -o "Dir::Etc::SourceParts=/nonexistent"
        -o "Dir::State::Lists=${APT_STATE_DIR}/lists"
        -o "Dir::Cache=${APT_STATE_DIR}/cache"
        -o "APT::Get::List-Cleanup=0"
    )
    apt-get "${apt_opts[@]}" update -qq

    local work
    work="$(mktemp -d /tmp/gridcell-timescaledb.XXXXXX)"
    # shellcheck disable=SC2064
    trap "rm -rf '$work'" EXIT
    chmod 755 "$work"
    chown _apt "$work" 2>/dev/null || true   # lets apt download without its sandbox warning
    log "fetching source package timescaledb (${SOURCE_SUITE})"
    (cd "$work" && apt-get "${apt_opts[@]}" source -qq timescaledb >/dev/null)
    local src
    src="$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'timescaledb-*' | head -n1)"
    [[ -n $src && -f $src/CMakeLists.txt ]] || die "apt-get source timescaledb did not produce a source tree in $work"
    log "building $(basename "$src") against $("$PG_CONFIG" --version) (Apache-only)"

    local start=$SECONDS
    # Same flags as Debian's own package (debian/rules), plus: no test
    # targets (they need the full PostgreSQL test tree) and no -Werror.
    cmake -S "$src" -B "$work/build" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DPG_CONFIG="$PG_CONFIG" \
        -DAPACHE_ONLY=ON \
        -DSEND_TELEMETRY_DEFAULT=OFF \
        -DUSE_TELEMETRY=OFF \
        -DREGRESS_CHECKS=OFF \
        -DTAP_CHECKS=OFF \
        -DWARNINGS_AS_ERRORS=OFF \
        -DLINTER=OFF >"$work/cmake.log" 2>&1 \
        || { tail -n 40 "$work/cmake.log" >&2; die "cmake configure failed"; }
    make -C "$work/build" -j"$(nproc)" >"$work/make.log" 2>&1 \
        || { tail -n 40 "$work/make.log" >&2; die "build failed"; }
    make -C "$work/build" install >"$work/install.log" 2>&1 \
        || { tail -n 40 "$work/install.log" >&2; die "make install failed"; }
    log "built and installed in $((SECONDS - start)) s"
    rm -rf "$APT_STATE_DIR/cache/archives"/*.deb 2>/dev/null || true
}

# --- 1. install -------------------------------------------------------------
if is_installed; then
    log "already installed in $("$PG_CONFIG" --pkglibdir), skipping build"
else
    build_and_install
    is_installed || die "build finished but timescaledb.so / timescaledb.control are not in place"
fi

# --- 2. enable --------------------------------------------------------------
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
    log "PostgreSQL not running, starting cluster ${PG_MAJOR}/${PG_CLUSTER}"
    pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" "$PG_CLUSTER" start
    pg_wait_ready
fi

current="$(psql_q postgres "SHOW shared_preload_libraries")"
if [[ ",${current// /}," == *",timescaledb,"* ]]; then
    log "shared_preload_libraries already contains timescaledb ('${current}')"
else
    # Keep what's there; every library is its own quoted list item.
    # (No timescaledb.telemetry_level: this build has telemetry compiled
    # out, and PostgreSQL rejects ALTER SYSTEM for that unknown setting.)
    items=()
    IFS=',' read -ra libs <<<"$current"
    for lib in "${libs[@]}"; do
        lib="$(echo "$lib" | sed -e 's/^[[:space:]"]*//' -e 's/[[:space:]"]*$//')"
        [[ -n $lib ]] && items+=("'${lib//\'/\'\'}'")
    done
    items+=("'timescaledb'")
    value="$(IFS=,; echo "${items[*]}")"
    log "ALTER SYSTEM SET shared_preload_libraries = ${value}"
    psql_q postgres "ALTER SYSTEM SET shared_preload_libraries = ${value}"
    log "restarting PostgreSQL ${PG_MAJOR}/${PG_CLUSTER}"
    pg_ctlcluster --skip-systemctl-redirect "$PG_MAJOR" "$PG_CLUSTER" restart
    pg_wait_ready
    current="$(psql_q postgres "SHOW shared_preload_libraries")"
    [[ ",${current// /}," == *",timescaledb,"* ]] \
        || die "after restart shared_preload_libraries is '${current}' (expected it to contain timescaledb)"
fi

# --- 3. verify --------------------------------------------------------------
scratch="gridcell_tsdb_check_$$"
log "verifying CREATE EXTENSION timescaledb in scratch database ${scratch}"
psql_q postgres "DROP DATABASE IF EXISTS ${scratch}"
psql_q postgres "CREATE DATABASE ${scratch}"
if ! version="$(psql -X -v ON_ERROR_STOP=1 -qAt -d "$scratch" 2>&1 <<'SQL'
CREATE EXTENSION IF NOT EXISTS timescaledb;
CREATE TABLE t (ts timestamptz NOT NULL, v double precision);
SELECT count(*) FROM create_hypertable('t', 'ts') \g /dev/null
INSERT INTO t VALUES (now(), 1), (now() - interval '1 day', 2);
SELECT count(*) FROM (SELECT time_bucket('1 hour', ts) FROM t GROUP BY 1) b \g /dev/null
SELECT extversion || ' (license=' || current_setting('timescaledb.license') || ')'
  FROM pg_extension WHERE extname = 'timescaledb';
SQL
)"; then
    psql_q postgres "DROP DATABASE IF EXISTS ${scratch}" || true
    die "TimescaleDB verification failed: ${version}"
fi
psql_q postgres "DROP DATABASE IF EXISTS ${scratch}"
log "OK: TimescaleDB ${version} is installed and preloaded"
