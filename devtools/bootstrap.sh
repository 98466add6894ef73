#!/usr/bin/env bash
# Bootstrap the development environment: Python 3.13 + uv + .venv (uv sync --frozen) + Node tools.
# Idempotent: each step is skipped when its stamp file matches the current lock file.
# Used by the Makefile and by .ci/run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BOOTSTRAP_DIR="${FEDCAL_BOOTSTRAP_DIR:-$HOME/.cache/fedcal-bootstrap}"
UV_VERSION="0.13.9"

say() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] ERROR: %s\n' "$*" >&2; exit 1; }

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
        "$uv" sync --frozen >&2
    else
        say "uv sync --frozen (python: $python)"
        "$uv" sync --frozen --python "$python" >&2
    fi
    echo "$want" > "$stamp"
}

sync_node() {
    local dir="devtools/node" stamp="devtools/node/node_modules/.fedcal-bootstrap" want
    want="$(checksum "$dir/package.json" "$dir/package-lock.json")"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return
    fi
    command -v npm >/dev/null || die "npm not found; install Node.js 20+ and npm."
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
    echo "$want" > "$stamp"
}

sync_python
sync_node
