"""Decent Work Lab on JupyterHub: a participant signs in with a nickname and the workshop's
session code and gets a server of their own whose front page is the lab gallery.

- :mod:`dwl_hub.codes`: where valid session codes come from (the trainer's list, the
  workshop sessions of ``modules.sessions``, or a store of your own).
- :mod:`dwl_hub.authenticator`: the hub's sign-in (nickname + session code, translated page).
- :mod:`dwl_hub.spawner`: a local single-user server per participant (one machine).
- :mod:`dwl_hub.singleuser`: the Jupyter Server extension each single-user server runs: the
  gallery at ``/user/<nickname>/`` and Voilà's labs below it.
- :mod:`dwl_hub.i18n`: the hub pages' translations (``locale/<lang>/LC_MESSAGES/hub.po``),
  falling back to the project's catalogs.

``jupyterhub_config.py`` (one folder up) puts this folder on ``sys.path`` of the hub and on
``PYTHONPATH`` of every single-user server.
"""
from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEPLOY_DIR = HERE.parent  # deploy/jupyterhub
PROJECT_ROOT = DEPLOY_DIR.parents[1]


def env_int(name: str, default: int) -> int:
    """A whole number from the environment; a clear start-up error when it is not one."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from None


def state_dir() -> Path:
    """Where the hub keeps its database, cookie secret, proxy PID and participants' folders
    (``$DWL_HUB_STATE_DIR``, default ``deploy/jupyterhub/var``)."""
    raw = os.environ.get("DWL_HUB_STATE_DIR", "").strip()
    return Path(raw).expanduser().resolve() if raw else DEPLOY_DIR / "var"
