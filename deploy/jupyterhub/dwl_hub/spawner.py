"""One local process per participant: ``jupyterhub-singleuser`` with the lab gallery.

All participants' servers run as the operating-system user that runs the hub (JupyterHub's
:class:`~jupyterhub.spawner.SimpleLocalProcessSpawner`): no system accounts to create on a
trainer's laptop. That is the isolation of ``make serve`` (one user for every lab kernel),
not more: for participants who must not reach each other's processes, use one container per
participant (Zero to JupyterHub on Kubernetes, README).
"""
from __future__ import annotations

import os
import sys

from jupyterhub.spawner import SimpleLocalProcessSpawner
from traitlets import default

from . import DEPLOY_DIR, PROJECT_ROOT, state_dir


class WorkshopSpawner(SimpleLocalProcessSpawner):
    """A participant's server: the gallery at ``/user/<nickname>/``, labs below it."""

    @default("home_dir_template")
    def _default_home_dir_template(self) -> str:
        # the participant's HOME (Jupyter's runtime files), beside the hub's state
        return str(state_dir() / "participants" / "{username}")

    @default("cmd")
    def _default_cmd(self) -> list[str]:
        # the hub's own interpreter: the project's venv, with jupyterhub installed
        return [sys.executable, "-m", "jupyterhub.singleuser"]

    @default("args")
    def _default_args(self) -> list[str]:
        return [f"--config={DEPLOY_DIR / 'singleuser_config.py'}"]

    @default("notebook_dir")
    def _default_notebook_dir(self) -> str:
        return str(PROJECT_ROOT / "labs")

    def get_env(self) -> dict:
        env = super().get_env()
        # dwl_hub importable in the server; the trainer's settings file and the per-participant
        # lab cap reach it as they reach the hub
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(DEPLOY_DIR), env.get("PYTHONPATH")]))
        env["JUPYTERHUB_SINGLEUSER_EXTENSION"] = "1"
        for key in ("DWL_CONFIG", "DWL_LABS_PER_PARTICIPANT"):
            if os.environ.get(key):
                env[key] = os.environ[key]
        return env
