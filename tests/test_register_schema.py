"""The column declarations and the register's Spanish catalog."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

import modules
from modules.i18n import LANGUAGES, translator
from modules.register import (BY_NAME, COLUMNS, REQUIRED_COLUMNS, conform, empty_register,
                              validate_register)
from modules.register.schema import COLUMN_TYPES, header_keys, key, value_map

CONTRACT_COLUMNS = [
    "worker_id", "id_type", "id_number", "first_name", "last_name", "sex", "birth_date",
    "hire_date", "end_date", "position", "regime", "monthly_wage", "weekly_hours",
    "pension_system", "afp_name", "afp_commission", "has_children", "health", "payment_method",
    "payment_provider", "account_number", "digital_consent", "consent_date",
]
CONTRACT_VALUES = {
    "id_type": {"DNI", "CE", "PAS"}, "sex": {"F", "M"}, "regime": {"general", "micro", "small"},
    "pension_system": {"ONP", "AFP"}, "afp_name": {"Habitat", "Integra", "Prima", "Profuturo"},
    "afp_commission": {"flow", "balance"}, "health": {"essalud", "sis", "eps"},
    "payment_method": {"cash", "bank", "ewallet"},
}
PACKAGE = Path(modules.__file__).parent
SOURCES = sorted((PACKAGE / "register").glob("*.py")) + [PACKAGE / "casestudies.py"]
CATALOG = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "register.po"


def test_columns_match_the_contract():
    assert [c.name for c in COLUMNS] == CONTRACT_COLUMNS
    for name, allowed in CONTRACT_VALUES.items():
        assert set(BY_NAME[name].allowed) == allowed
    assert all(c.type in COLUMN_TYPES for c in COLUMNS)
    assert {"id_number", "first_name", "last_name", "hire_date", "monthly_wage"} <= set(
        REQUIRED_COLUMNS)
    assert {c.name for c in COLUMNS if c.personal} == {"id_number", "account_number"}


def test_every_column_has_a_label_help_and_an_example_that_validates():
    row = {c.name: (c.example if c.example != "" else None) for c in COLUMNS}
    workers = conform(pd.DataFrame([row], index=pd.RangeIndex(1, 2)))
    assert validate_register(workers, lang="en", today="2025-07-31").empty
    for c in COLUMNS:
        assert c.label and c.help and c.help != c.label


def test_header_names_never_point_to_two_columns():
    owners: dict[str, str] = {}
    for col in COLUMNS:
        labels = tuple(translator(lang)(col.label) for lang in LANGUAGES)
        for k in header_keys(col, labels):
            assert owners.setdefault(k, col.name) == col.name, (k, owners[k], col.name)


def test_value_spellings_never_point_to_two_values():
    for col in COLUMNS:
        if col.type != "choice":
            continue
        seen: dict[str, str] = {}
        for choice in col.choices:
            for spelling in (choice.value, choice.label, *choice.aliases):
                assert seen.setdefault(key(spelling), choice.value) == choice.value, spelling
        assert set(value_map(col).values()) == set(col.allowed)


def test_key_is_case_accent_and_space_insensitive():
    assert key("Número de  documento") == key("NUMERO_DE_DOCUMENTO") == "numerodedocumento"
    assert key(" Régimen ") == "regimen"


def test_empty_register_conforms():
    empty = empty_register()
    pd.testing.assert_frame_equal(conform(empty), empty)


def _msgids() -> set[str]:
    found = set()
    for path in SOURCES:
        with path.open("rb") as fh:
            for _, message, _, _ in extract_from_file(
                    "python", str(path), keywords={"N_": None, "t": None, "gettext": None}):
                message = message[0] if isinstance(message, tuple) else message
                if message:
                    found.add(message)
    return found


def test_all_msgids_are_translated_to_spanish_with_the_same_placeholders():
    msgids = _msgids()
    assert len(msgids) > 80  # the declarations and messages were found
    with CATALOG.open("rb") as fh:
        catalog = read_po(fh, locale="es", domain="register")
    translated = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(msgids - set(translated))
    assert not missing, missing
    for msgid in msgids:
        assert set(re.findall(r"{(\w+)}", msgid)) == set(re.findall(r"{(\w+)}", translated[msgid]))
    # and the running translator uses them
    t = translator("es")
    assert t("Monthly wage") == "Remuneración mensual"
    assert t(BY_NAME["payment_method"].choice_label("ewallet")) == "Billetera digital"


def test_catalog_has_no_stale_entries():
    with CATALOG.open("rb") as fh:
        catalog = read_po(fh, locale="es", domain="register")
    stale = {m.id for m in catalog if m.id} - _msgids()
    assert not stale, sorted(stale)
