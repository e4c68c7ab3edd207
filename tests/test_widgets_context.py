"""LabContext and the language of the page URL (no browser)."""
from __future__ import annotations

import pytest

import voila.utils
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


def test_lang_from_request_reads_voilas_query_string(monkeypatch):
    calls = []

    def fake_query_string(url=None):
        calls.append(url)
        return "lang=en"

    monkeypatch.setattr(voila.utils, "get_query_string", fake_query_string)
    assert lang_from_request() == "en"
    assert calls == [None]


def test_lang_from_request_survives_a_failing_voila(monkeypatch):
    def broken(url=None):
        raise ConnectionError("no server")

    monkeypatch.setattr(voila.utils, "get_query_string", broken)
    assert lang_from_request() == default_language()
