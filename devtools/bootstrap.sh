#!/usr/bin/env bash
# Bootstrap the development environment.
#   devtools/bootstrap.sh          Python 3.13 + uv + .venv (uv sync --frozen): all `make run` needs
#   devtools/bootstrap.sh --node   also the pinned Node tools in devtools/node (npm ci): the
#                                  supergraph composer, peer gateways and HTTP audit the tests use
# Idempotent and silent once done: each step is skipped when its stamp matches its lock file.
# A step that runs prints what it does, a heartbeat every 15 s, and how long it took.
# Used by the Makefile and by .ci/run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BOOTSTRAP_DIR="${FEDCAL_BOOTSTRAP_DIR:-$HOME/.cache/fedcal-bootstrap}"
UV_VERSION="0.13.9"

say() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] ERROR: %s\n' "$*" >&2; exit 1; }

WITH_NODE=0
for arg in "$@"; do
    case "$arg" in
        --node) WITH_NODE=1 ;;
        -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option: $arg (see --help)" ;;
    esac
done

# run_step LABEL CMD...: run CMD in the foreground (Ctrl-C reaches it) with a heartbeat line
# every 15 s, then say how long it took. A heartbeat may name a directory whose size it shows.
HEARTBEAT_DIR=""
run_step() {
    local label="$1" start status=0 beat
    shift
    start="$(date +%s)"
    (
        nap=""
        trap '[ -z "$nap" ] || kill "$nap" 2>/dev/null; exit 0' TERM  # no orphan sleep holds stderr
        while :; do
            sleep 15 &
            nap=$!
            wait "$nap"
            size=""
            if [ -n "$HEARTBEAT_DIR" ] && [ -d "$HEARTBEAT_DIR" ]; then
                size=", $(du -sm "$HEARTBEAT_DIR" 2>/dev/null | cut -f1) MB in $HEARTBEAT_DIR"
            fi
            say "$label: still running ($(($(date +%s) - start))s$size)"
        done
    ) &
    beat=$!
    "$@" || status=$?
    kill "$beat" 2>/dev/null || true
    wait "$beat" 2>/dev/null || true
    [ "$status" -eq 0 ] || die "$label failed (exit code $status)"
    say "$label: done in $(($(date +%s) - start))s"
}

find_python() {
    local candidate
    # Resolve shims (pyenv) to the real interpreter so uv sees a stable path.
    if candidate="$(command -v python3.13 2>/dev/null)" \
        && candidate="$("$candidate" -c 'import sys; print(sys.executable)' 2>/dev/null)"; then
        echo "$candidate"; return
    fi
    for candidate in "$HOME"/.pyenv/versions/3.13.*/bin/python3.13; do
        if [ -x "$candidate" ]; then echo "$candidate"; return; fi
    done
    die "Python 3.13 not found. Install it (e.g. 'pyenv install 3.13' or your distribution's python3.13) and retry."
}

find_uv() {
    local python="$1" candidate
    for candidate in "$(command -v uv 2>/dev/null || true)" "$(dirname "$python")/uv" "$BOOTSTRAP_DIR/bin/uv"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return; fi
    done
    say "uv not found; installing uv==$UV_VERSION into $BOOTSTRAP_DIR"
    "$python" -m pip install --quiet --disable-pip-version-check --target "$BOOTSTRAP_DIR/lib" "uv==$UV_VERSION" >&2 \
        || die "could not install uv with pip"
    mkdir -p "$BOOTSTRAP_DIR/bin"
    ln -sf "$BOOTSTRAP_DIR/lib/bin/uv" "$BOOTSTRAP_DIR/bin/uv"
    echo "$BOOTSTRAP_DIR/bin/uv"
}

checksum() { cat "$@" | sha256sum | cut -d' ' -f1; }

sync_python() {
    local stamp=".venv/.fedcal-bootstrap" want
    want="$(checksum pyproject.toml uv.lock)"
    if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return
    fi
    local python uv
    python="$(find_python)"
    uv="$(find_uv "$python")"
    if [ -x .venv/bin/python ]; then
        say "uv sync --frozen (existing .venv)"
        run_step "uv sync" "$uv" sync --frozen >&2
    else
        say "uv sync --frozen (python: $python): creating .venv from uv.lock"
        run_step "uv sync" "$uv" sync --frozen --python "$python" >&2
    fi
    echo "$want" > "$stamp"
}

# Not needed by `make run`: the GraphiQL assets are vendored in plumbing/static/vendor.
sync_node() {
    local dir="devtools/node" stamp="devtools/node/node_modules/.fedcal-bootstrap" want
    want="$(checksum "$dir/package.json" "$dir/package-lock.json")"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return
    fi
    command -v npm >/dev/null || die "npm not found; install Node.js 20+ and npm."
    local count
    count="$(grep -c '"node_modules/' "$dir/package-lock.json" || true)"
    say "npm ci in $dir: composer, peer gateways, HTTP audit ($count packages, ~700 MB;"
    say "  needed by make supergraph and the tests, not by make run; minutes on a cold npm cache)"
    HEARTBEAT_DIR="$dir/node_modules" run_step "npm ci" \
        bash -c 'cd "$1" && npm ci --no-audit --no-fund --loglevel=error >&2' _ "$dir"
    echo "$want" > "$stamp"
}

sync_python
if [ "$WITH_NODE" = 1 ]; then
    sync_node
fi
