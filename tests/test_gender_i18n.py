"""Every msgid of modules/gender has a translation in es and id (domain ``gender``)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po

import modules.gender as gender_pkg
from modules.gender.staff import REUSED_MSGIDS
from modules.i18n import LOCALE_DIR

PACKAGE_DIR = Path(gender_pkg.__file__).resolve().parent
KEYWORDS = {"N_": None, "t": None, "_": None, "gettext": None}


def _msgids() -> set[str]:
    found = set(REUSED_MSGIDS)
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        with open(path, "rb") as fh:
            for _lineno, message, _comments, _context in extract("python", fh, keywords=KEYWORDS):
                found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(lang):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "gender.po", "rb") as fh:
        return read_po(fh, locale=lang)


def test_msgids_are_extracted():
    ids = _msgids()
    assert "Equal pay" in ids and "Raw gap (averages)" in ids
    assert any(i.startswith("Only {women} women") for i in ids)
    assert len(ids) > 100


@pytest.mark.parametrize("lang", ["es", "id"])
def test_every_msgid_is_translated(lang):
    catalog = _catalog(lang)
    missing = [m for m in sorted(_msgids())
               if m not in catalog or not catalog[m].string or catalog[m].fuzzy]
    assert not missing, f"untranslated in {lang}/gender.po: {missing}"


@pytest.mark.parametrize("lang", ["es", "id"])
def test_placeholders_are_kept(lang):
    for message in _catalog(lang):
        if message.id:
            assert set(re.findall(r"{\w+}", message.id)) == set(
                re.findall(r"{\w+}", message.string)), message.id
