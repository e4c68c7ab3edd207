"""Configuration of a participant's single-user server (``jupyterhub-singleuser --config=``).

The hub starts every participant's server with this file (``jupyterhub_config.py``):
a Jupyter Server that shows only the lab gallery and Voilà's labs, configured like
``make serve`` from the project's ``voila.json`` (page template, stripped sources, hidden
tracebacks, idle-kernel culling). No JupyterLab, no terminals, notebooks read-only.
"""
import json
import os

from jupyter_core.paths import jupyter_config_path
from jupyter_server.extension.config import ExtensionConfigManager

from labserver.app import JUPYTER_DATA
from modules.config import PROJECT_ROOT
from modules.i18n import default_language, translator

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

# Voilà's page template "dwl" lives in the labserver package
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    filter(None, [str(JUPYTER_DATA), os.environ.get("JUPYTER_PATH")])
)

# only the gallery and the labs: every other server extension of the environment
# (JupyterLab, notebook, terminals, LSP, Voilà's own registration...) stays off
_installed = ExtensionConfigManager(read_config_path=jupyter_config_path()).get_jpserver_extensions()
c.ServerApp.jpserver_extensions = {
    **{name: False for name in _installed},
    "voila.server_extension": False,
    "jupyterlab": False,
    "dwl_hub.singleuser": True,  # loads Voilà itself, then wraps its lab page
}
c.ServerApp.terminals_enabled = False
c.ServerApp.contents_manager_class = "dwl_hub.singleuser.ReadOnlyContentsManager"
c.ServerApp.root_dir = str(PROJECT_ROOT / "labs")  # the hub's Spawner.notebook_dir says the same
c.ServerApp.allow_root = os.geteuid() == 0  # a workshop laptop may run the hub as root

room = json.loads((PROJECT_ROOT / "voila.json").read_text(encoding="utf-8"))
# Voilà's page settings; preheated kernel pools exist only in Voilà's standalone app (one
# participant per server needs none)
c.VoilaConfiguration.update({k: v for k, v in room["VoilaConfiguration"].items()
                             if k not in {"preheat_kernel", "default_pool_size"}})
# a lab's kernel left without a page for an hour is stopped (the hub's idle culler stops
# the whole server later; see README)
c.MappingKernelManager.update(room["MappingKernelManager"])
# (not voila.json's Unix-socket transport: the sockets would live under the participant's
# home, whose path may pass the 107-character limit of a socket's name)
c.VoilaExecutor.cell_error_instruction = translator(default_language())(
    "The lab could not start. Please tell your trainer."
)
