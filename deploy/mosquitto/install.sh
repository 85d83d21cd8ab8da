#!/usr/bin/env bash
# Install deploy/mosquitto/gridcell.conf into Mosquitto's include dir and
# restart the broker (started as `mosquitto -d -c /etc/mosquitto/mosquitto.conf`,
# no systemd), then check that it keeps 5000 QoS 1 messages for an offline
# persistent session. Idempotent: restarts only when the config changed or
# the running broker is older than its config. Run as root.
set -Eeuo pipefail

MAIN_CONF="${MOSQUITTO_CONF:-/etc/mosquitto/mosquitto.conf}"
PORT=1883
HOST=127.0.0.1
SNIPPET="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/gridcell.conf"
VERIFY_COUNT="${VERIFY_COUNT:-5000}"

log() { echo "==> [mosquitto] $*"; }
die() { echo "ERROR [mosquitto]: $*" >&2; exit 1; }
trap 'rc=$?; echo "ERROR [mosquitto]: command failed (exit $rc) at line $LINENO: $BASH_COMMAND" >&2; exit $rc' ERR

[[ $(id -u) -eq 0 ]] || die "must run as root"
command -v mosquitto >/dev/null || die "mosquitto is not installed (apt-get install mosquitto)"
[[ -f $MAIN_CONF ]] || die "$MAIN_CONF not found"
[[ -f $SNIPPET ]] || die "$SNIPPET not found"

port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/${HOST}/${PORT}" 2>/dev/null; }

# PIDs of the broker that uses MAIN_CONF (other mosquitto instances are left alone).
broker_pids() {
    local pid
    for pid in $(pgrep -x mosquitto || true); do
        tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-c ${MAIN_CONF} " && echo "$pid"
    done
    return 0
}

# --- 1. include dir -----------------------------------------------------------
conf_dir="$(awk '$1 == "include_dir" { print $2; exit }' "$MAIN_CONF")"
if [[ -z $conf_dir ]]; then
    conf_dir=/etc/mosquitto/conf.d
    log "$MAIN_CONF has no include_dir: appending 'include_dir $conf_dir' (backup: $MAIN_CONF.gridcell.bak)"
    [[ -f $MAIN_CONF.gridcell.bak ]] || cp -p "$MAIN_CONF" "$MAIN_CONF.gridcell.bak"
    printf '\n# Added by GridCell deploy/mosquitto/install.sh\ninclude_dir %s\n' "$conf_dir" >>"$MAIN_CONF"
else
    log "$MAIN_CONF includes $conf_dir"
fi
mkdir -p "$conf_dir"
target="$conf_dir/gridcell.conf"

# --- 2. render and install the snippet ---------------------------------------
# Options set elsewhere: the main config and any other file in the include dir.
others=("$MAIN_CONF")
for f in "$conf_dir"/*.conf; do
    [[ -e $f && $f != "$target" ]] && others+=("$f")
done
is_set_elsewhere() { # $1 = option line, e.g. "listener 1883 127.0.0.1"
    local key pattern
    read -r key _ <<<"$1"
    if [[ $key == listener ]]; then
        pattern="^[[:space:]]*listener[[:space:]]+$(awk '{print $2}' <<<"$1")([[:space:]]|$)"
    else
        pattern="^[[:space:]]*${key}([[:space:]]|$)"
    fi
    grep -qE "$pattern" "${others[@]}"
}
rendered="$(mktemp)"
trap 'rm -f "$rendered"' EXIT
if_unset=0
while IFS= read -r line || [[ -n $line ]]; do
    if [[ $line == "# gridcell:if-unset" ]]; then if_unset=1; continue; fi
    if ((if_unset)); then
        if_unset=0
        if is_set_elsewhere "$line"; then
            log "keeping existing setting, not adding: $line"
            echo "# already set in the existing configuration: $line" >>"$rendered"
            continue
        fi
    fi
    echo "$line" >>"$rendered"
done <"$SNIPPET"

changed=0
if [[ -f $target ]] && cmp -s "$rendered" "$target"; then
    log "$target is up to date"
else
    [[ -f $target ]] && cp -p "$target" "$target.previous"
    install -m 0644 "$rendered" "$target"
    log "installed $target"
    changed=1
fi

# --- 3. restart ---------------------------------------------------------------
START_LOG=/var/log/mosquitto/gridcell-start.log
start_broker() {
    mkdir -p "$(dirname "$START_LOG")"
    mosquitto -d -c "$MAIN_CONF" </dev/null >>"$START_LOG" 2>&1
    for _ in $(seq 1 30); do
        port_open && return 0
        sleep 0.5
    done
    return 1
}
stop_broker() {
    local pids pid
    pids="$(broker_pids)"
    [[ -n $pids ]] || return 0
    log "stopping mosquitto (pid $(echo $pids))"
    for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 60); do   # a clean stop writes the persistence file
        pids="$(for pid in $pids; do kill -0 "$pid" 2>/dev/null && echo "$pid"; done; true)"
        [[ -z $pids ]] && break
        sleep 0.5
    done
    [[ -z $pids ]] || die "mosquitto (pid $pids) did not stop within 30 s"
    for _ in $(seq 1 20); do port_open || return 0; sleep 0.5; done
    die "port $PORT still open after mosquitto stopped: another process listens there"
}

pids="$(broker_pids)"
restart=$changed
if [[ -z $pids ]]; then
    port_open && die "port $PORT is open but no 'mosquitto -c $MAIN_CONF' process is running"
    log "mosquitto is not running"
    restart=1
else
    newest_conf=$(stat -c %Y "$MAIN_CONF" "$target" | sort -n | tail -n1)
    for pid in $pids; do
        started=$(($(date +%s) - $(ps -o etimes= -p "$pid")))
        ((started < newest_conf)) && restart=1
    done
fi
if ((restart)); then
    stop_broker
    log "starting mosquitto -d -c $MAIN_CONF"
    if ! start_broker; then
        echo "--- tail of $START_LOG and /var/log/mosquitto/mosquitto.log:" >&2
        tail -n 10 "$START_LOG" /var/log/mosquitto/mosquitto.log >&2 || true
        log "rolling back $target"
        if [[ -f $target.previous ]]; then mv -f "$target.previous" "$target"; else rm -f "$target"; fi
        start_broker || true
        die "mosquitto did not accept connections on ${HOST}:${PORT} with the new settings"
    fi
    rm -f "$target.previous"
    log "mosquitto is up on ${HOST}:${PORT}"
else
    log "mosquitto (pid $(echo $pids)) already runs with this configuration"
fi

# --- 4. verify ----------------------------------------------------------------
if ! command -v mosquitto_pub >/dev/null || ! command -v mosquitto_sub >/dev/null; then
    log "installing mosquitto-clients for the check"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mosquitto-clients >/dev/null
fi
id="gridcell-install-check-$$"
topic="gridcell/install-check/$$"
received="$(mktemp)"
trap 'rm -f "$rendered" "$received"' EXIT
log "verifying: ${VERIFY_COUNT} QoS 1 messages to an offline persistent session"
# 1. persistent session subscribes, then goes offline
mosquitto_sub -h "$HOST" -p "$PORT" -c -i "$id" -q 1 -t "$topic" -E
# 2. publish while it is offline
seq 1 "$VERIFY_COUNT" | mosquitto_pub -h "$HOST" -p "$PORT" -q 1 -t "$topic" -l
# 3. reconnect and drain the queue
mosquitto_sub -h "$HOST" -p "$PORT" -c -i "$id" -q 1 -t "$topic" -C "$VERIFY_COUNT" -W 60 >"$received" || true
# 4. drop the session (a clean-session connect discards it)
mosquitto_sub -h "$HOST" -p "$PORT" -i "$id" -t "$topic" -E || true
got=$(sort -un "$received" | wc -l)
[[ $got -eq $VERIFY_COUNT ]] \
    || die "received $got of $VERIFY_COUNT queued QoS 1 messages: the broker is dropping messages (max_queued_messages not in effect?)"
log "OK: all ${VERIFY_COUNT} queued QoS 1 messages delivered"
