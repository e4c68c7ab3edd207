"""The shared lab components (language switch, error and busy messages, downloads, the
generated input form) and the declared-input messages of ``modules/inputs.py`` speak Bahasa
Indonesia: the Indonesian labs use them. And in every language, one msgid has one translation
across all domains (the domains of a language are merged into one catalog)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po

from modules.i18n import LANGUAGES, LOCALE_DIR, translator
from modules.inputs import InputError, InputSet, InputSpec

ROOT = Path(__file__).resolve().parents[1]
SHARED = [ROOT / "widgets" / f for f in ("common.py", "download.py", "inputs_form.py", "context.py")]
SHARED.append(ROOT / "modules" / "inputs.py")
KEYWORDS = {"N_": None, "t": None, "_": None, "gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def _msgids(paths) -> set[str]:
    found = set()
    for path in paths:
        with open(path, "rb") as fh:
            for _lineno, message, _comments, _context in extract("python", fh, keywords=KEYWORDS):
                found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(lang: str, domain: str):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po", "rb") as fh:
        return read_po(fh, locale=lang)


def test_the_shared_sources_are_scanned():
    ids = _msgids(SHARED)
    assert {"Computing…", "Source: {source}", "{label}: {value} is below the minimum {min}."} <= ids


@pytest.mark.parametrize("lang", ["es", "id"])
def test_every_shared_msgid_is_translated(lang):
    t = translator(lang)
    # the example input of modules/inputs.py's docstring is not a participant text
    ids = _msgids(SHARED) - {"workers", "Workers", "Number of workers on the payroll."}
    missing = sorted(m for m in ids if t(m) == m and m not in {"Minimum", "Label", "no"})
    assert not missing, f"{lang}: no translation for {missing}"
    for m in ids:
        assert sorted(set(PLACEHOLDER.findall(m))) == sorted(set(PLACEHOLDER.findall(t(m)))), m


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_one_msgid_has_one_translation_in_a_language(lang):
    seen: dict[str, tuple[str, str]] = {}
    conflicts = []
    for po in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        for entry in _catalog(lang, po.stem):
            if not entry.id or not entry.string or isinstance(entry.id, tuple):
                continue
            if entry.id in seen and seen[entry.id][1] != entry.string:
                conflicts.append((entry.id, seen[entry.id], (po.stem, entry.string)))
            seen.setdefault(entry.id, (po.stem, entry.string))
    assert not conflicts, f"one msgid, two translations: {conflicts}"


def test_an_input_error_reads_in_bahasa_indonesia():
    inputs = InputSet([InputSpec("workers", "workers", 20, 1, 5000, 1, "Workers", "Workers.")])
    with pytest.raises(InputError) as info:
        inputs.validate({"workers": 0}, lang="id")
    assert info.value.problems == {"workers": "Pekerja: 0 di bawah batas terendah 1."}
    assert str(info.value) == "Satu isian tidak valid: Pekerja: 0 di bawah batas terendah 1."


def test_the_generic_error_and_busy_messages_in_bahasa_indonesia():
    from widgets.common import Busy, Feedback, safe_callback
    from widgets.context import LabContext

    ctx = LabContext("id", languages=("id", "en", "es"))
    feedback, busy = Feedback(ctx), Busy(ctx)
    assert "Menghitung…" in busy.value

    @safe_callback(ctx, feedback, busy)
    def boom():
        raise RuntimeError("secret 12345678")

    boom()
    assert "Maaf, terjadi kesalahan" in feedback.text
    assert "12345678" not in feedback.value
