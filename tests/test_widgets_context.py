"""LabContext and the language of the page URL (no browser)."""
from __future__ import annotations

import pytest

from modules.i18n import default_language
from widgets import LabContext, lang_from_query, lang_from_request
from widgets.context import PERU_LANGUAGES


def test_context_keeps_supported_language_and_defaults_otherwise():
    assert LabContext("en").lang == "en"
    assert LabContext("es-PE").lang == "es"
    # Indonesian is not offered by the Peru labs: the trainer's default applies
    assert LabContext("id").lang == default_language()
    assert LabContext(None).lang == default_language()
    assert LabContext("id", languages=("id", "en")).lang == "id"


def test_setting_an_unknown_language_falls_back_to_the_default():
    ctx = LabContext("en")
    ctx.lang = "fr"
    assert ctx.lang == default_language()


def test_observers_hear_language_changes():
    ctx = LabContext("es")
    heard = []
    ctx.on_lang(lambda: heard.append(ctx.lang))
    ctx.lang = "en"
    ctx.lang = "es"
    assert heard == ["en", "es"]
    assert ctx.t("Compute payroll") == "Calcular planilla"


@pytest.mark.parametrize("query, expected", [
    ("lang=en", "en"),
    ("?lang=es", "es"),
    ("foo=1&lang=en&bar=2", "en"),
    ("lang=EN-us", "en"),
    ("lang=xx", default_language()),
    ("lang=id", default_language()),  # not a language of the Peru labs
    ("", default_language()),
    (None, default_language()),
])
def test_lang_from_query(query, expected):
    assert lang_from_query(query, PERU_LANGUAGES) == expected


def test_lang_from_request_outside_voila_is_the_default(monkeypatch):
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    assert lang_from_request() == default_language()


def test_lang_from_request_survives_an_unreachable_voila(monkeypatch):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_KERNEL_ID", "abc")
    monkeypatch.setenv("VOILA_APP_PORT", str(port))
    monkeypatch.delenv("QUERY_STRING", raising=False)
    assert lang_from_request() == default_language()


def test_request_query_string_reads_a_preheated_kernels_request_from_voilas_socket(monkeypatch):
    """The same exchange Voilà's RequestInfoSocketHandler has with a preheated kernel."""
    import asyncio
    import json
    import threading

    import websockets

    from widgets.context import lang_from_request, request_query_string

    ready = threading.Event()
    state = {}

    async def handler(ws):
        await ws.send(json.dumps({"QUERY_STRING": "lang=en&case=x", "SCRIPT_NAME": "/voila/render/p.ipynb"}))

    async def serve():
        async with websockets.serve(handler, "127.0.0.1", 0) as server:
            state["port"] = server.sockets[0].getsockname()[1]
            ready.set()
            await asyncio.sleep(5)

    threading.Thread(target=lambda: asyncio.run(serve()), daemon=True).start()
    assert ready.wait(5)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_KERNEL_ID", "abc")
    monkeypatch.setenv("VOILA_APP_PORT", str(state["port"]))
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("SCRIPT_NAME", raising=False)
    assert request_query_string() == "lang=en&case=x"
    assert lang_from_request() == "en"


def test_no_voila_means_the_default_language(monkeypatch):
    from widgets.context import lang_from_request

    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    assert lang_from_request() == "es"
    monkeypatch.setenv("QUERY_STRING", "lang=en")
    assert lang_from_request() == "en"
