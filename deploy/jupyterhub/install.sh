#!/usr/bin/env bash
# Install what the hub needs, idempotently:
#   - jupyterhub and jupyterhub-idle-culler (requirements.txt) into the project's venv,
#   - configurable-http-proxy from the npm registry into deploy/jupyterhub/node_modules
#     (package-lock.json), with the machine's Node.js and npm.
# Usage: deploy/jupyterhub/install.sh <venv>   (or VENV=<venv> deploy/jupyterhub/install.sh)
# The venv must already hold the project (make install / pip install -e .).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${1:-${VENV:-}}"
if [ -z "$VENV" ]; then
  echo "usage: $0 <venv>   (the project's virtual environment, e.g. .venv)" >&2
  exit 2
fi
PY="$VENV/bin/python"
if [ ! -x "$PY" ]; then
  echo "$PY not found: create the project's venv first (make install)" >&2
  exit 1
fi

# Python packages: pip only when a pinned version is missing
if ! "$PY" - "$HERE/requirements.txt" <<'PYEOF'
import re, sys
from importlib.metadata import PackageNotFoundError, version
ok = True
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, want = re.split(r"==", line, maxsplit=1)
    try:
        ok = ok and version(name.strip()) == want.strip()
    except PackageNotFoundError:
        ok = False
sys.exit(0 if ok else 1)
PYEOF
then
  echo "Installing $(grep -v '^#' "$HERE/requirements.txt" | xargs) into $VENV"
  "$PY" -m pip install --quiet -r "$HERE/requirements.txt"
fi

# configurable-http-proxy: npm ci when node_modules is missing or older than the lock file
CHP="$HERE/node_modules/.bin/configurable-http-proxy"
if [ ! -x "$CHP" ] || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm not found: install Node.js and npm (Debian: apt-get install nodejs npm)" >&2
    exit 1
  fi
  echo "Installing configurable-http-proxy from the npm registry into $HERE/node_modules"
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

echo "JupyterHub $("$PY" -c 'import jupyterhub; print(jupyterhub.__version__)'), idle culler" \
     "$("$PY" -c 'from importlib.metadata import version; print(version("jupyterhub-idle-culler"))')," \
     "configurable-http-proxy $("$CHP" --version) ready"
