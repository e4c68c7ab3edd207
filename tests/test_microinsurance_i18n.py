"""Every participant-facing msgid of modules/microinsurance has a Spanish translation with the
same placeholders, and agrees with the translation other domains give the same msgid."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po

import modules.microinsurance as mi
from modules.i18n import LOCALE_DIR, translator

PACKAGE_DIR = Path(mi.__file__).resolve().parent
KEYWORDS = {"N_": None, "t": None, "_": None, "gettext": None}
PLACEHOLDER = re.compile(r"{(\w*)[^{}]*}")


def _msgids() -> set[str]:
    found = set()
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        with open(path, "rb") as fh:
            for _lineno, message, _comments, _context in extract("python", fh, keywords=KEYWORDS):
                found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog(lang: str = "es", domain: str = "microinsurance"):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po", "rb") as fh:
        return read_po(fh, locale=lang)


def test_msgids_are_extracted():
    ids = _msgids()
    assert {"Claims ratio across the runs", "Waiting days", "Probability of ruin (%)"} <= ids
    assert len(ids) > 150


def test_every_msgid_is_translated_to_spanish():
    catalog = _catalog()
    missing = [m for m in sorted(_msgids())
               if m not in catalog or not catalog[m].string or catalog[m].fuzzy]
    assert not missing, f"untranslated in es/microinsurance.po: {missing}"


def test_no_stale_entries():
    used = _msgids()
    stale = [m.id for m in _catalog() if m.id and m.id not in used]
    assert not stale, stale


def test_placeholders_are_kept():
    for message in _catalog():
        if message.id:
            assert sorted(set(PLACEHOLDER.findall(message.id))) == sorted(
                set(PLACEHOLDER.findall(message.string))), message.id


def test_shared_msgids_agree_with_the_other_domains():
    mine = {m.id: m.string for m in _catalog() if m.id}
    conflicts = []
    for po in sorted((LOCALE_DIR / "es" / "LC_MESSAGES").glob("*.po")):
        if po.stem == "microinsurance":
            continue
        for entry in _catalog("es", po.stem):
            if entry.id in mine and entry.string and entry.string != mine[entry.id]:
                conflicts.append((po.stem, entry.id, entry.string, mine[entry.id]))
    assert not conflicts, f"one msgid, two translations: {conflicts}"


def test_every_declared_input_reads_in_spanish():
    t = translator("es")
    for input_set in (mi.PRODUCT_INPUTS, mi.POPULATION_INPUTS, mi.CLAIMS_INPUTS, mi.MEMBER_INPUTS):
        for spec in input_set:
            for text in (spec.label, spec.unit, spec.help, spec.group):
                if text:
                    assert t(text) != text or text in {"PEN"}, (spec.name, text)


@pytest.mark.parametrize("lang, title", [("es", "Días de espera"), ("en", "Waiting days")])
def test_trainer_table_is_translated(lang, title):
    table = mi.PRODUCT_INPUTS.table(lang)
    assert title in set(table.iloc[:, 1])


def test_pace_texts_fill_their_figures_in_both_languages():
    res = mi.simulate(years=1, runs=200, seed=1)
    es = mi.pace(res, "es")
    en = mi.pace(res, "en")
    assert list(es["label"]) == ["Producto", "Acceso", "Costo", "Experiencia"]
    assert list(en["label"]) == ["Product", "Access", "Cost", "Experience"]
    assert all("{" not in text for text in [*es["text"], *en["text"]])
    assert es["text"].iloc[1].startswith("El 40 % de los estibadores se afilia")
    assert es["score"].between(1, 5).all()
