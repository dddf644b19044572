# Sourced by scripts/demo and scripts/test: make .venv if it is missing and install the
# project whenever pyproject.toml has changed since the last install. scripts/test (and CI)
# need the dev extras; the demo sets EXTRAS="" so a fresh machine needs no build tools for
# the test-only packages (PyGObject compiles against libgirepository).
# Sets ROOT (the repository) and VENV (its virtual environment).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

_supported() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)))' 2>/dev/null; }

if [ ! -x "$VENV/bin/python" ]; then
    python=""
    for candidate in ${PYTHON:-} python3.11 python3.12 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && _supported "$candidate"; then
            python="$candidate"
            break
        fi
    done
    if [ -z "$python" ]; then
        echo "rotations needs Python 3.11 or 3.12 (set PYTHON=/path/to/python3.11)" >&2
        exit 1
    fi
    echo "==> creating $VENV with $("$python" --version)"
    "$python" -m venv "$VENV"
fi

EXTRAS="${EXTRAS-[dev]}"
_stamp="$VENV/.installed-pyproject"
_hash="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
_want="$_hash $EXTRAS"
_have="$(cat "$_stamp" 2>/dev/null || true)"
# An install with the dev extras also serves the demo.
if [ "$_have" != "$_want" ] && [ "$_have" != "$_hash [dev]" ]; then
    echo "==> installing rotations and its dependencies into $VENV"
    if ! "$VENV/bin/python" -m pip install --disable-pip-version-check -e "$ROOT$EXTRAS" \
        > "$VENV/install.log" 2>&1; then
        tail -n 40 "$VENV/install.log" >&2
        echo "pip install failed; the whole log is in $VENV/install.log" >&2
        exit 1
    fi
    echo "$_want" > "$_stamp"
fi
