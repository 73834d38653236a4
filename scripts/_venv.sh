# Sourced by scripts/run and scripts/test: make or refresh .venv so that it holds
# what pyproject.toml asks for.  Reinstalls only when pyproject.toml changed.
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$top/.venv"
extras="${1:-}"
py="${PYTHON:-python3}"
if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Careplan needs Python 3.11 or newer as '$py' (set PYTHON=/path/to/python3.11)." >&2
    exit 2
fi
if [ ! -x "$venv/bin/python" ]; then
    if ! "$py" -m venv "$venv" 2>/dev/null; then
        rm -rf "$venv"
        echo "Python cannot make a virtual environment here." >&2
        echo "On Debian or Ubuntu: sudo apt-get install -y python3-venv   (then run this again)" >&2
        exit 2
    fi
fi
stamp="$venv/.careplan-installed${extras:+-$extras}"
want="$(cat "$top/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "Setting up $venv (first run, or pyproject.toml changed)..." >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$top${extras:+[$extras]}" >&2
    echo "$want" > "$stamp"
fi
