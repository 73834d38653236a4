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
    # pip's and setuptools' own messages (an editable install prints pages of warnings) go to a
    # log in .venv, shown only when the set-up fails.
    log="$venv/setup.log"
    if ! { "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip &&
           "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$top${extras:+[$extras]}"; } \
           >"$log" 2>&1; then
        cat "$log" >&2
        echo "Setting up $venv failed (the messages above are also in $log)." >&2
        echo "(The first set-up downloads what Careplan needs: it needs a network connection.)" >&2
        exit 2
    fi
    echo "$want" > "$stamp"
fi
