"""Voilà for a workshop room: the lab gallery as front page, localized loading screen.

Everything else (preheated kernels, culling, stripped sources, hidden tracebacks) is
Voilà's own configuration in ``voila.json`` at the project root.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import jinja2
import tornado.web
import yaml
from jupyter_server.utils import url_path_join
from traitlets import Integer, default
from voila.app import Voila
from voila.handler import VoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from modules.config import PROJECT_ROOT
from modules.config import settings
from modules.i18n import default_language, language_names, normalize_lang, translator

from .gallery import gallery_context, load_gallery, loading_messages
from .kernels import make_room_ready
from .room import room_limited, v1_only

HERE = Path(__file__).resolve().parent
JUPYTER_DATA = HERE / "jupyter_data"  # holds voila/templates/dwl
_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True
)


class GalleryHandler(tornado.web.RequestHandler):
    """Front page: the labs, translated, with a language switch. Starts no kernel."""

    def get(self):
        lang = normalize_lang(self.get_argument("lang", None))
        ctx = gallery_context(lang, session=self.get_argument("session", None))
        ctx["languages"] = language_names()
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(_templates.get_template("gallery.html").render(**ctx))


class I18nScriptHandler(tornado.web.RequestHandler):
    """The loading screen's messages for every language, from the gettext catalogs."""

    def initialize(self, payload: str):
        self.payload = payload

    def get(self):
        self.set_header("Content-Type", "application/javascript; charset=UTF-8")
        self.set_header("Cache-Control", "max-age=300")
        self.finish(self.payload)


class LabServer(Voila):
    """Voilà's standalone app with Decent Work Lab's own pages in front."""

    description = "Decent Work Lab: serve the lab gallery with Voilà"

    max_lab_kernels = Integer(
        help="Participants' labs (kernels) running at once; past it a new lab gets a "
             "'the room is full' page. Default: max_lab_kernels of decent_work_lab.yaml.",
    ).tag(config=True)

    @default("max_lab_kernels")
    def _default_max_lab_kernels(self) -> int:
        return settings().max_lab_kernels

    labs_ready_in_advance = Integer(
        -1,
        help="Preheated kernels waiting for participants, for every lab (each holds about "
             "110 MiB). Default (-1): labs_ready_in_advance of decent_work_lab.yaml.",
    ).tag(config=True)

    def kernel_pools(self) -> dict:
        """Voilà's ``kernel_pools_config``: how many kernels wait, per lab notebook."""
        ready = ({"default": self.labs_ready_in_advance} if self.labs_ready_in_advance >= 0
                 else settings().labs_ready_in_advance)
        return {("default" if name == "default" else f"{name}.ipynb"): {"pool_size": count}
                for name, count in ready.items()}

    def init_settings(self):
        if "kernel_pools_config" not in self.config.VoilaKernelManager:
            self.config.VoilaKernelManager.kernel_pools_config = self.kernel_pools()
        # voila.json connects kernels over Unix sockets (less work per message than TCP on
        # loopback); a socket's name must stay within 107 characters
        socket_name = os.path.join(self.connection_dir, f"kernel-{'0' * 36}-ipc-5")
        if self.config.KernelManager.get("transport") == "ipc" and len(socket_name) > 107:
            self.log.warning("%s is too long a path for kernel sockets; using TCP",
                             self.connection_dir)
            self.config.KernelManager.transport = "tcp"
        result = super().init_settings()
        make_room_ready(self.kernel_manager, self.max_lab_kernels)
        # A lab page pulls ~4.8 MiB of scripts and styles; gzipped, ~1.2 MiB goes over the
        # room's Wi-Fi to each participant's phone. (Voilà's tornado_settings are applied
        # after the application is built, too late for this.)
        result["compress_response"] = True
        return result

    def init_handlers(self):
        # A cell that fails while a lab starts shows this instead of Voilà's developer hint;
        # the participant-facing wording comes from the catalogs.
        t = translator(default_language())
        self.config.VoilaExecutor.cell_error_instruction = t(
            "The lab could not start. Please tell your trainer."
        )
        load_gallery()  # a gallery entry without its notebook is a startup error
        handlers = super().init_handlers()
        def ours(handler):  # Voilà's lab page and kernel websocket, with the room's rules
            if isinstance(handler, type) and issubclass(handler, VoilaHandler):
                return room_limited(handler, _templates, self.max_lab_kernels)
            if isinstance(handler, type) and issubclass(handler, VoilaKernelWebsocketHandler):
                return v1_only(handler)
            return handler

        handlers = [(h[0], ours(h[1]), *h[2:]) for h in handlers]
        script = "window.DWL_I18N = %s;" % json.dumps(
            {"default": default_language(), "messages": loading_messages()}, ensure_ascii=False
        )
        ours = [
            (url_path_join(self.server_url, r"/?"), GalleryHandler),
            (url_path_join(self.server_url, r"/dwl/i18n.js"), I18nScriptHandler, {"payload": script}),
        ]
        return ours + handlers


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``make serve`` / ``python -m labserver`` / ``decent-work-lab``."""
    # Our Voilà template lives in the package; Jupyter finds data dirs through JUPYTER_PATH.
    existing = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(JUPYTER_DATA), existing]))
    argv = list(sys.argv[1:] if argv is None else argv)
    if not any(not a.startswith("-") for a in argv):
        argv.insert(0, str(PROJECT_ROOT / "labs"))
    try:  # a mistake in decent_work_lab.yaml: the trainer gets the sentence, not a traceback
        settings()
    except (ValueError, OSError, yaml.YAMLError) as exc:
        sys.exit(f"decent-work-lab: {exc}")
    # voila.json (room configuration) is read from the working directory.
    os.chdir(PROJECT_ROOT)
    LabServer.launch_instance(argv=argv)
