"""JupyterHub for Decent Work Lab: every participant gets a server of their own whose front
page is the lab gallery. Start it with ``deploy/jupyterhub/run.sh`` (or
``<venv>/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py``); README.md beside this
file explains every setting. The trainer's settings are environment variables:

  DWL_SESSION_CODES         session codes that open the hub, comma-separated (also: the file
                            DWL_SESSION_CODES_FILE, default deploy/jupyterhub/session_codes.txt,
                            and the codes of workshop sessions opened with modules.sessions)
  DWL_TRAINER_CODE          the trainer's own code (nickname DWL_TRAINER_NAME, default "trainer")
  DWL_HUB_IP / DWL_HUB_PORT where participants connect (default 127.0.0.1:8000; 0.0.0.0 for
                            the room's Wi-Fi)
  DWL_MAX_PARTICIPANTS      servers running at once (default 40)
  DWL_LABS_PER_PARTICIPANT  labs one participant runs at once (default 3)
  DWL_CULL_TIMEOUT          a server nobody used for this many seconds is stopped (3600)
  DWL_CULL_EVERY            how often the idle culler looks, in seconds (min(300, timeout/2))
  DWL_HUB_STATE_DIR         the hub's database, cookie secret, proxy PID, participants' folders
                            (default deploy/jupyterhub/var)
  DWL_HUB_API_PORT / DWL_HUB_PROXY_API_PORT  the hub's and the proxy's internal ports on
                            127.0.0.1 (8081 / 8001)
"""
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))  # dwl_hub, beside this file

from dwl_hub import env_int, state_dir  # noqa: E402
from dwl_hub.authenticator import SessionCodeAuthenticator, hub_t  # noqa: E402
from dwl_hub.codes import TrainerCodes  # noqa: E402
from dwl_hub.spawner import WorkshopSpawner  # noqa: E402

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

STATE = state_dir()
STATE.mkdir(parents=True, exist_ok=True)

# --- where participants connect, and the hub's internal ports (loopback only) -----------
c.JupyterHub.ip = os.environ.get("DWL_HUB_IP", "127.0.0.1")
c.JupyterHub.port = env_int("DWL_HUB_PORT", 8000)
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = env_int("DWL_HUB_API_PORT", 8081)
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env_int('DWL_HUB_PROXY_API_PORT', 8001)}"
# configurable-http-proxy from the npm registry, installed beside this file by install.sh
_chp = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
c.ConfigurableHTTPProxy.command = [str(_chp) if _chp.exists()
                                   else shutil.which("configurable-http-proxy") or str(_chp)]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# --- the hub's own state ----------------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

# --- who gets in: a nickname and the session code (dwl_hub/authenticator.py, codes.py) ---
c.JupyterHub.authenticator_class = SessionCodeAuthenticator
c.JupyterHub.template_paths = [str(HERE / "templates")]  # translated sign-in and waiting pages
c.JupyterHub.template_vars = {"dwl_t": hub_t}
if not TrainerCodes().count():
    print("Decent Work Lab: no session code is listed (DWL_SESSION_CODES, or the file "
          f"{TrainerCodes().codes_file}); only the codes of workshop sessions opened in the "
          "trainer's toolkit will let participants in.", file=sys.stderr)

# --- each participant's server: the lab gallery (dwl_hub/spawner.py, singleuser.py) ------
c.JupyterHub.spawner_class = WorkshopSpawner
c.Spawner.start_timeout = 120  # a room signing in at once on a 2-core laptop queues up
c.Spawner.http_timeout = 90
c.JupyterHub.active_server_limit = env_int("DWL_MAX_PARTICIPANTS", 40)
# a participant who comes back after the culler stopped their server gets it started again
c.JupyterHub.implicit_spawn_seconds = 2
c.JupyterHub.shutdown_on_logout = True  # signing out frees the participant's memory at once

# --- idle servers are stopped (jupyterhub-idle-culler as a hub service) -------------------
CULL_TIMEOUT = env_int("DWL_CULL_TIMEOUT", 3600)
CULL_EVERY = env_int("DWL_CULL_EVERY", max(1, min(300, CULL_TIMEOUT // 2)))
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={CULL_TIMEOUT}", f"--cull-every={CULL_EVERY}"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "description": "Stop the servers nobody used for DWL_CULL_TIMEOUT seconds",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
