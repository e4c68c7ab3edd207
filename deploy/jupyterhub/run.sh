#!/usr/bin/env bash
# Start Decent Work Lab's JupyterHub on this machine (installs what is missing first).
# Usage: deploy/jupyterhub/run.sh [venv]      (default venv: .venv at the project root)
# Settings are environment variables (README.md beside this file), e.g.
#   DWL_SESSION_CODES=K7P-4QX DWL_TRAINER_CODE=TRN-3MX-Q7R DWL_HUB_IP=0.0.0.0 deploy/jupyterhub/run.sh
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${1:-${VENV:-$ROOT/.venv}}"
"$HERE/install.sh" "$VENV"
cd "$ROOT"
exec "$VENV/bin/python" -m jupyterhub -f "$HERE/jupyterhub_config.py"
