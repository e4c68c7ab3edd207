"""modules.i18n and modules.config: catalogs, language choice, locale formats."""
from __future__ import annotations

import textwrap

import pytest

from modules import config, i18n


def test_spanish_catalog_translates_and_english_is_the_source():
    assert i18n.translator("es")("Choose a lab") == "Elija un laboratorio"
    assert i18n.translator("en")("Choose a lab") == "Choose a lab"


def test_placeholders_are_filled_after_translation():
    t = i18n.translator("es")
    # an untranslated msgid still formats its placeholders
    assert t("{n} workers", n=8) == "8 workers"


@pytest.mark.parametrize(
    "raw, expected",
    [("es", "es"), ("ES", "es"), ("es-PE", "es"), ("en_US", "en"), ("id", "id"), ("fr", "es"), (None, "es"), ("", "es")],
)
def test_normalize_lang_falls_back_to_the_trainers_default(raw, expected):
    assert i18n.normalize_lang(raw) == expected


def test_money_and_dates_follow_the_locale():
    assert i18n.format_money(1130, "es") == "S/\xa01,130.00"
    assert i18n.format_money(5396761, "id", currency="IDR") == "Rp5.396.761"
    assert i18n.format_money(-1250.6, "id", currency="IDR") == "-Rp1.251"
    assert i18n.format_period("2025-07", "es") == "Julio 2025"
    assert i18n.format_period("2025-12", "en") == "December 2025"
    assert i18n.format_date("2025-07-31", "en") == "Jul 31, 2025"
    assert i18n.format_number(1234.5, "id", 2) == "1.234,50"


def test_settings_file_sets_default_language(tmp_path, monkeypatch):
    cfg = tmp_path / "decent_work_lab.yaml"
    cfg.write_text("default_language: en\nstore_path: data/x.sqlite3\n", encoding="utf-8")
    monkeypatch.setenv("DWL_CONFIG", str(cfg))
    config.settings.cache_clear()
    try:
        s = config.settings()
        assert s.default_language == "en"
        assert s.store_path == tmp_path / "data" / "x.sqlite3"
        assert i18n.normalize_lang(None) == "en"
    finally:
        config.settings.cache_clear()


def test_settings_file_rejects_unknown_language(tmp_path, monkeypatch):
    cfg = tmp_path / "decent_work_lab.yaml"
    cfg.write_text(textwrap.dedent("default_language: fr\n"), encoding="utf-8")
    monkeypatch.setenv("DWL_CONFIG", str(cfg))
    config.settings.cache_clear()
    try:
        with pytest.raises(ValueError, match="default_language must be one of es, en, id"):
            config.settings()
    finally:
        config.settings.cache_clear()


def test_every_catalog_entry_parses_and_placeholders_match():
    """A translation that drops or renames a {placeholder} would crash at run time."""
    import re

    from babel.messages.pofile import read_po

    for po in sorted(i18n.LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        for msg in catalog:
            if not msg.id or not msg.string or isinstance(msg.id, tuple):
                continue
            names = lambda s: sorted(set(re.findall(r"\{(\w*)[^{}]*\}", s)))  # noqa: E731
            assert names(msg.id) == names(msg.string), f"{po.name}: {msg.id!r}"


def test_money_in_english_keeps_the_symbol_participants_know():
    assert i18n.format_money(1130, "en") == "S/\xa01,130.00"
    assert i18n.format_money(-12.5, "en") == "-S/\xa012.50"
    assert i18n.format_money(5396761, "en", currency="IDR") == "Rp\xa05,396,761"
