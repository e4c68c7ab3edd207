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


def _po(entries: dict[str, str]) -> str:
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    return head + "".join(f'msgid "{k}"\nmsgstr "{v}"\n\n' for k, v in entries.items())


def test_compiled_catalogs_are_kept_and_follow_an_edit_of_the_po_files(tmp_path, monkeypatch):
    """The merged catalog is compiled once and kept on disk for the other kernels; a
    translator's edit gives a new compiled catalog (no build step), the old one goes."""
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "a.po").write_text(_po({"Net pay": "Sueldo neto"}), encoding="utf-8")
    (folder / "b.po").write_text(_po({"Gross pay": "Sueldo bruto", "Fuzzy": ""}), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "CATALOG_CACHE_DIR", tmp_path / "__pycache__")
    i18n._translations.cache_clear()
    try:
        t = i18n._translations("es")
        assert (t.gettext("Net pay"), t.gettext("Gross pay")) == ("Sueldo neto", "Sueldo bruto")
        assert t.gettext("Fuzzy") == "Fuzzy"  # untranslated: the msgid
        [compiled] = (tmp_path / "__pycache__").glob("es-*.mo")
        # another kernel reads the compiled catalog: the same translations, no .po parsed
        i18n._translations.cache_clear()
        monkeypatch.setattr(i18n, "_compile_catalog", lambda *_a: pytest.fail("parsed again"))
        assert i18n._translations("es").gettext("Gross pay") == "Sueldo bruto"
        monkeypatch.undo()
        monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
        monkeypatch.setattr(i18n, "CATALOG_CACHE_DIR", tmp_path / "__pycache__")
        # the translator edits a .po file: the next kernel has the new translation
        (folder / "a.po").write_text(_po({"Net pay": "Pago neto"}), encoding="utf-8")
        i18n._translations.cache_clear()
        assert i18n._translations("es").gettext("Net pay") == "Pago neto"
        assert [p.name for p in (tmp_path / "__pycache__").glob("es-*.mo")] != [compiled.name]
        assert len(list((tmp_path / "__pycache__").glob("es-*.mo"))) == 1
    finally:
        i18n._translations.cache_clear()


def test_a_read_only_installation_still_translates(tmp_path, monkeypatch):
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "a.po").write_text(_po({"Net pay": "Sueldo neto"}), encoding="utf-8")
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "CATALOG_CACHE_DIR", blocker / "__pycache__")
    i18n._translations.cache_clear()
    try:
        assert i18n._translations("es").gettext("Net pay") == "Sueldo neto"
    finally:
        i18n._translations.cache_clear()
