"""A bounded room: at most ``max_lab_kernels`` participants' labs run at once.

Every lab page opened starts (or takes from the preheated pool) a kernel of about 150 MiB.
On a trainer's laptop an unbounded number of page loads would end in swapping or the
out-of-memory killer, taking everybody's lab down. Past the cap, a participant gets a
translated "the room is full" page (HTTP 503 with ``Retry-After``) that retries by itself;
labs already open are untouched. Idle kernels are culled (``voila.json``), freeing places.
"""
from __future__ import annotations

import jinja2
from voila.handler import VoilaHandler

from modules.i18n import language_names, normalize_lang, translator

RETRY_SECONDS = 20


def labs_in_use(kernel_manager) -> int:
    """Kernels serving a participant (not the preheated ones waiting in the pools)."""
    participants = getattr(kernel_manager, "participant_kernel_ids", None)
    return len(participants() if participants else kernel_manager.list_kernel_ids())


def room_full_context(lang: str | None) -> dict:
    t = translator(lang)
    return {
        "lang": t.lang,
        "title": t("The room is full"),
        "message": t("Too many labs are open on this computer right now. Please wait a moment: "
                     "this page tries again by itself."),
        "hint": t("If it takes long, ask your trainer, or close labs you no longer use."),
        "retry": t("Try again now"),
        "seconds": RETRY_SECONDS,
    }


def room_limited(handler_class: type[VoilaHandler], templates: jinja2.Environment,
                 max_kernels: int) -> type[VoilaHandler]:
    """``handler_class`` (Voilà's notebook page) refusing new labs when ``max_kernels``
    participants' kernels already run."""

    class RoomLimitedHandler(handler_class):
        async def get(self, path=None):
            if labs_in_use(self.kernel_manager) >= max_kernels:
                lang = normalize_lang(self.get_argument("lang", None))
                self.log.warning("room full: %d labs in use, a new lab was refused", max_kernels)
                self.set_status(503)
                self.set_header("Retry-After", str(RETRY_SECONDS))
                self.set_header("Content-Type", "text/html; charset=UTF-8")
                self.set_header("Cache-Control", "no-store")
                ctx = room_full_context(lang)
                ctx["languages"] = language_names()
                self.finish(templates.get_template("room_full.html").render(**ctx))
                return
            note_page = getattr(self.kernel_manager, "note_page", None)
            if note_page is not None:  # participants are arriving: pools refill later
                note_page()
            # sets the _xsrf cookie: the page's shutdown request on closing the tab needs it
            # (voila issue 1458), otherwise a closed tab's kernel lives until culled
            self.xsrf_token  # noqa: B018
            return await super().get(path)

    RoomLimitedHandler.__name__ = f"RoomLimited{handler_class.__name__}"
    return RoomLimitedHandler


V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"


def v1_only(handler_class: type) -> type:
    """The kernel websocket handler refusing clients that do not speak the v1 protocol.

    Voilà's page always asks for ``v1.kernel.websocket.jupyter.org``. A client without it
    falls back to the server's legacy JSON protocol; one sending v1 binary frames that way
    made this server hang and grow to 16 GB in the room benchmark, taking every
    participant's lab down. Such a client is refused (HTTP 400) before the upgrade.
    """

    class V1OnlyHandler(handler_class):
        async def get(self, *args, **kwargs):
            offered = self.request.headers.get("Sec-WebSocket-Protocol", "")
            if V1_PROTOCOL not in {p.strip() for p in offered.split(",")}:
                self.log.warning("kernel websocket refused: no %s subprotocol", V1_PROTOCOL)
                self.set_status(400)
                self.finish(f"This server speaks the {V1_PROTOCOL} protocol only.")
                return
            return await super().get(*args, **kwargs)

    V1OnlyHandler.__name__ = f"V1Only{handler_class.__name__}"
    return V1OnlyHandler
