"""Every msgid of modules/productivity has an es and an id translation (domain productivity)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po

import modules.productivity as productivity_pkg
from modules.i18n import LOCALE_DIR

PACKAGE_DIR = Path(productivity_pkg.__file__).resolve().parent
KEYWORDS = {"N_": None, "t": None, "_": None, "gettext": None}
#: msgids owned by other domains that the model reuses
FOREIGN = {"rows {rows}"}


def _msgids() -> set[str]:
    found = set()
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        with open(path, "rb") as fh:
            for _lineno, message, _comments, _context in extract("python", fh, keywords=KEYWORDS):
                found.add(message if isinstance(message, str) else message[0])
    return found - FOREIGN


def _catalog(lang):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "productivity.po", "rb") as fh:
        return read_po(fh, locale=lang)


def test_msgids_are_extracted():
    ids = _msgids()
    assert "Quality Management" in ids and "Training fee" in ids
    assert len(ids) > 80


@pytest.mark.parametrize("lang", ["es", "id"])
def test_every_msgid_is_translated(lang):
    catalog = _catalog(lang)
    missing = [m for m in sorted(_msgids()) if m not in catalog or not catalog[m].string or catalog[m].fuzzy]
    assert not missing, f"untranslated in {lang}/productivity.po: {missing}"


@pytest.mark.parametrize("lang", ["es", "id"])
def test_placeholders_are_kept(lang):
    for message in _catalog(lang):
        if message.id:
            assert set(re.findall(r"{\w+}", message.id)) == set(re.findall(r"{\w+}", message.string)), message.id
