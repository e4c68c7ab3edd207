"""Jupyter Server extension for a participant's single-user server behind JupyterHub.

``jupyterhub-singleuser`` (a Jupyter Server with the hub's sign-in) loads this extension
(``singleuser_config.py``), which

- serves the translated lab gallery at the server's root, ``/user/<nickname>/``, with links
  that carry the server's base URL, and the loading screen's messages at ``dwl/i18n.js``;
- loads Voilà's server extension (labs at ``/user/<nickname>/voila/render/<lab>.ipynb``),
  configured from the project's ``voila.json`` by ``singleuser_config.py``;
- caps the labs a participant runs at once (``$DWL_LABS_PER_PARTICIPANT``, default 3):
  past it, the translated "the room is full" page of ``labserver.room``;
- serves the notebooks read-only: nobody can change a lab for the others through the
  server's contents API.

Every handler of a participant's server needs the hub's sign-in for that participant.
"""
from __future__ import annotations

import json
import os

import jinja2
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from jupyter_server.utils import url_path_join
from tornado import web
from tornado.routing import RuleRouter

from labserver.app import HERE as LABSERVER_DIR
from labserver.app import I18nScriptHandler
from labserver.gallery import gallery_context, load_gallery, loading_messages
from labserver.room import room_limited
from modules.i18n import default_language, language_names, normalize_lang

from . import env_int

# set by the hub's sign-in page (dwl_hub.authenticator), path "/"
LANG_COOKIE = "dwl_lang"
SESSION_COOKIE = "dwl_session"  # the workshop session the participant signed in with
DEFAULT_LABS_PER_PARTICIPANT = 3

templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(LABSERVER_DIR / "templates")), autoescape=True
)


def labs_per_participant() -> int:
    value = env_int("DWL_LABS_PER_PARTICIPANT", DEFAULT_LABS_PER_PARTICIPANT)
    if value < 1:
        raise SystemExit(f"DWL_LABS_PER_PARTICIPANT must be at least 1, got {value}")
    return value


class HubGalleryHandler(JupyterHandler):
    """The participant's front page: the gallery, links under this server's base URL."""

    @web.authenticated
    def get(self):
        chosen = self.get_argument("lang", None)
        lang = normalize_lang(chosen or self.get_cookie(LANG_COOKIE))
        if chosen:
            self.set_cookie(LANG_COOKIE, lang, path="/", samesite="Lax", expires_days=30)
        session = self.get_argument("session", None) or self.get_cookie(SESSION_COOKIE)
        ctx = gallery_context(lang, session=session)  # labs open inside the session
        ctx["languages"] = language_names()
        for lab in ctx["labs"]:
            lab["url"] = url_path_join(self.base_url, lab["url"])
        if ctx.get("trainer_url"):
            ctx["trainer_url"] = url_path_join(self.base_url, ctx["trainer_url"])
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(templates.get_template("gallery.html").render(**ctx))


class ReadOnlyContentsManager(AsyncLargeFileManager):
    """The labs' notebooks as they are: reading works (Voilà), every change is refused."""

    def _refuse(self, *args, **kwargs):
        raise web.HTTPError(403, "The labs are read-only on this server.")

    save = delete_file = rename_file = create_checkpoint = restore_checkpoint = _refuse
    delete_checkpoint = _refuse


def _replace_handler(web_app, old: type, new: type) -> int:
    """Swap the target class of every route to ``old`` (rules added by other extensions)."""
    replaced = 0
    routers = [web_app.default_router, web_app.wildcard_router]
    while routers:
        router = routers.pop()
        for rule in getattr(router, "rules", []):
            if isinstance(rule.target, RuleRouter):
                routers.append(rule.target)
            elif rule.target is old:
                rule.target = new
                replaced += 1
    return replaced


def _jupyter_server_extension_points():
    return [{"module": "dwl_hub.singleuser"}]


def _load_jupyter_server_extension(serverapp):
    from voila.server_extension import _load_jupyter_server_extension as load_voila
    from voila.tornado.handler import TornadoVoilaHandler

    load_gallery()  # a gallery entry without its notebook is a start-up error
    web_app = serverapp.web_app
    base_url = web_app.settings["base_url"]

    # as in Voilà's standalone app (Voila.mathjax_url unset): no MathJax, whose default is a
    # CDN; the labs have no formulas, and nothing may be requested from outside the room
    web_app.settings.setdefault("mathjax_url", None)
    web_app.settings.setdefault("mathjax_config", None)
    load_voila(serverapp)
    limited = room_limited(TornadoVoilaHandler, templates, labs_per_participant())
    if not _replace_handler(web_app, TornadoVoilaHandler, limited):
        raise RuntimeError("Voilà's lab page was not found among the server's routes")

    script = "window.DWL_I18N = %s;" % json.dumps(
        {"default": default_language(), "messages": loading_messages()}, ensure_ascii=False
    )
    web_app.add_handlers(".*$", [
        (url_path_join(base_url, r"/?"), HubGalleryHandler),
        (url_path_join(base_url, r"/dwl/i18n.js"), I18nScriptHandler, {"payload": script}),
    ])
    serverapp.log.info("Decent Work Lab gallery at %s (at most %d labs at once, %s)",
                       base_url, labs_per_participant(), os.environ.get("JUPYTERHUB_USER", "?"))


load_jupyter_server_extension = _load_jupyter_server_extension
