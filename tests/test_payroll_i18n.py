"""Every msgid used by the payroll engine has a Spanish translation in the payroll domain.

Scope: the files of the engine and rule pack (``OWNED``). Other modules placed in the
package by other parts of the project (e.g. ``export.py``) translate their strings in their
owner's domain.
"""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract
from babel.messages.pofile import read_po

import modules.payroll as payroll_pkg
from modules.i18n import LOCALE_DIR

PACKAGE_DIR = Path(payroll_pkg.__file__).resolve().parent
KEYWORDS = {"N_": None, "t": None, "_": None, "gettext": None}
OWNED = {"__init__.py", "rules.py", "engine.py", "charts.py", "vacation.py", "examples.py"}


def _msgids() -> set[str]:
    found = set()
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        if path.name not in OWNED:
            continue
        with open(path, "rb") as fh:
            for _lineno, message, _comments, _context in extract("python", fh, keywords=KEYWORDS):
                found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog():
    with open(LOCALE_DIR / "es" / "LC_MESSAGES" / "payroll.po", "rb") as fh:
        return read_po(fh, locale="es")


def test_owned_files_exist():
    assert OWNED <= {p.name for p in PACKAGE_DIR.glob("*.py")}


def test_msgids_are_extracted():
    ids = _msgids()
    assert "Net pay" in ids
    assert any(i.startswith("Parameter {name}") for i in ids)
    assert any(i.startswith("Cannot compute the payroll") for i in ids)


def test_every_msgid_has_a_spanish_translation():
    catalog = _catalog()
    missing = [
        m for m in sorted(_msgids())
        if m not in catalog or not catalog[m].string or catalog[m].fuzzy
    ]
    assert not missing, f"untranslated in es/payroll.po: {missing}"


def test_placeholders_are_kept_in_translations():
    import re

    for message in _catalog():
        if message.id:
            assert set(re.findall(r"{\w+}", message.id)) == set(re.findall(r"{\w+}", message.string)), message.id
