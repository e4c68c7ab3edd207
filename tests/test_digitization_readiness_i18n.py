"""Every msgid of the readiness sources has a Spanish translation in the readiness domain."""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract
from babel.messages.pofile import read_po

import modules.digitization.readiness as readiness_module
from modules.i18n import LOCALE_DIR

PACKAGE_DIR = Path(readiness_module.__file__).resolve().parent
OWNED = ("readiness.py", "survey.py", "plan.py")
KEYWORDS = {"N_": None, "t": None, "_": None, "gettext": None, "ngettext": (1, 2)}


def _msgids() -> set[str]:
    found = set()
    for name in OWNED:
        with open(PACKAGE_DIR / name, "rb") as fh:
            for _lineno, message, _c, _ctx in extract("python", fh, keywords=KEYWORDS):
                found.update([message] if isinstance(message, str) else message)
    return found


def _catalog():
    with open(LOCALE_DIR / "es" / "LC_MESSAGES" / "readiness.po", "rb") as fh:
        return read_po(fh, locale="es")


def _translated() -> dict[str, list[str]]:
    """msgid (singular and plural) -> its Spanish strings."""
    out = {}
    for message in _catalog():
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = list(message.string) if isinstance(message.string, tuple) else [message.string]
        if all(strings):
            for i in ids:
                out[i] = strings
    return out


def test_msgids_are_extracted():
    ids = _msgids()
    assert "Prioritize women" in ids
    assert "Plan for paying wages digitally" in ids
    assert "{n} workers have no mobile phone of their own (rows {rows})." in ids
    assert len(ids) > 120


def test_every_msgid_has_a_spanish_translation():
    translated = _translated()
    missing = sorted(m for m in _msgids() if m not in translated)
    assert not missing, f"untranslated in es/readiness.po: {missing}"


def test_placeholders_are_kept_in_translations():
    for message in _catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(re.findall(r"{\w+}", ids[-1]))
        for s in strings:
            assert set(re.findall(r"{\w+}", s)) == expected, message.id


def test_plural_reasons_are_translated_at_run_time():
    from modules.i18n import translator

    t = translator("es")
    one = t.ngettext("{n} worker has no mobile phone of their own (row {rows}).",
                     "{n} workers have no mobile phone of their own (rows {rows}).", 1, rows="6")
    two = t.ngettext("{n} worker has no mobile phone of their own (row {rows}).",
                     "{n} workers have no mobile phone of their own (rows {rows}).", 2,
                     rows="6, 7")
    assert one == "1 trabajador no tiene celular propio (fila 6)."
    assert two == "2 trabajadores no tienen celular propio (filas 6, 7)."
