"""Shared state of one lab: the participant's language.

Every component of a lab receives the same :class:`LabContext`; when ``ctx.lang`` changes
each component re-labels itself (it observes the trait) and keeps the data typed or loaded.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from urllib.parse import parse_qs

from traitlets import HasTraits, Unicode, validate

from modules.i18n import default_language, language_names, normalize_lang, translator

log = logging.getLogger(__name__)

#: Languages of the Peru labs (Spanish and English).
PERU_LANGUAGES: tuple[str, ...] = ("es", "en")


def _pick(lang: str | None, languages: tuple[str, ...]) -> str:
    """``lang`` if this lab offers it, else the trainer's default (or the lab's first language)."""
    code = normalize_lang(lang) if lang else None
    if code in languages:
        return code
    fallback = default_language()
    return fallback if fallback in languages else languages[0]


class LabContext(HasTraits):
    """The state all components of one lab share: ``lang`` (``"es"``, ``"en"``, ``"id"``).

    ``languages`` are the languages this lab offers (``("es", "en")`` for the Peru labs);
    a language outside them falls back to the trainer's default.
    """

    lang = Unicode()

    def __init__(self, lang: str | None = None, languages: tuple[str, ...] = PERU_LANGUAGES, **kwargs):
        unknown = [code for code in languages if code not in language_names()]
        if unknown or not languages:
            raise ValueError(f"unsupported languages for a lab: {unknown or languages}")
        self.languages = tuple(languages)
        super().__init__(lang=_pick(lang, self.languages), **kwargs)

    @validate("lang")
    def _valid_lang(self, proposal):
        return _pick(proposal["value"], self.languages)

    @property
    def t(self):
        """The translator of the current language (``ctx.t("Net pay")``, ``ctx.t.money(1130)``)."""
        return translator(self.lang)

    def on_lang(self, callback) -> None:
        """Call ``callback()`` whenever the language changes."""
        self.observe(lambda change: callback(), names="lang")


def lang_from_query(query: str | None, languages: tuple[str, ...] = PERU_LANGUAGES) -> str:
    """The language in a query string such as ``"lang=en&x=1"`` (or the default)."""
    values = parse_qs((query or "").lstrip("?")).get("lang") or [None]
    return _pick(values[0], tuple(languages))


def request_query_string() -> str | None:
    """The page URL's query string when this kernel serves a Voilà page, else ``None``.

    A kernel started for a request has ``QUERY_STRING`` in its environment. A preheated
    kernel (started before anyone asked for the page) receives the request over Voilà's
    ``/voila/query/<kernel id>`` websocket once a participant opens the page; this is what
    ``voila.utils.wait_for_request()`` does, done here with the ``websockets`` client alone
    because importing ``voila.utils`` loads Voilà's whole server side (jupyter_server,
    nbconvert, jsonschema...), about 50 MiB in every participant's kernel.
    """
    env = os.environ
    if env.get("VOILA_PREHEAT", "False") == "False" or env.get("DWL_REQUEST_READ"):
        return env.get("QUERY_STRING")
    kernel_id = env.get("VOILA_KERNEL_ID")
    if not kernel_id:
        return None
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    url = (f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
           f"{env.get('VOILA_APP_PORT', '8866')}{base}voila/query/{kernel_id}")
    received: dict = {}
    failed: list[BaseException] = []

    async def receive() -> None:
        import websockets

        async with websockets.connect(url, open_timeout=5) as ws:
            received.update(json.loads(await ws.recv()))

    def run() -> None:
        try:
            asyncio.run(receive())
        except Exception as exc:  # reported by lang_from_request, which falls back
            failed.append(exc)

    # The kernel's own event loop is running this cell: wait on a loop of our own.
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join()
    if failed:
        raise failed[0]
    for key, value in received.items():
        env[key] = str(value)
    env["DWL_REQUEST_READ"] = "1"  # Voilà sends the request once: later calls read it here
    return env.get("QUERY_STRING")


def page_query() -> str | None:
    """The page URL's query string in Voilà (``None`` elsewhere or when it cannot be read)."""
    try:
        return request_query_string()
    except Exception as exc:  # no request reached the kernel
        log.warning("could not read the page query string (%s)", type(exc).__name__)
        return None


def lang_from_request(languages: tuple[str, ...] = PERU_LANGUAGES) -> str:
    """The ``?lang=`` of the page URL when the notebook runs in Voilà, else the default.

    Voilà serves the labs with preheated kernels: :func:`request_query_string` waits until
    a participant's request reaches the kernel. Outside Voilà (JupyterLab, nbval) there is
    no request and the trainer's default applies.
    """
    return lang_from_query(page_query(), languages)
