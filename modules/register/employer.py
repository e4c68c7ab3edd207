"""The employer's identification that every pay slip must show (DS 001-98-TR art. 19):
the enterprise's name and its RUC (SUNAT's taxpayer number).

A RUC has 11 digits: a two-digit type (10 natural person with business, 15/16/17 other
natural-person and foreign cases, 20 legal entity), eight digits, and a check digit computed
with SUNAT's modulus-11 weights 5 4 3 2 7 6 5 4 3 2.
"""
from __future__ import annotations

from ..i18n import N_, translator

RUC_PREFIXES = ("10", "15", "16", "17", "20")
_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

MSG_NAME_MISSING = N_("Type the enterprise's name: every pay slip shows it.")
MSG_RUC_MISSING = N_("Type the enterprise's RUC (11 digits): every pay slip shows it.")
MSG_RUC_FORMAT = N_("A RUC has 11 digits and starts with 10, 15, 16, 17 or 20.")
MSG_RUC_CHECK = N_("This RUC's last digit does not match the others: please check it for a typing error.")


def ruc_check_digit(first_ten: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_ten, _WEIGHTS))
    digit = 11 - total % 11
    return {10: 0, 11: 1}.get(digit, digit)


def is_valid_ruc(ruc: str) -> bool:
    ruc = str(ruc or "").strip()
    return (len(ruc) == 11 and ruc.isdigit() and ruc[:2] in RUC_PREFIXES
            and ruc_check_digit(ruc[:10]) == int(ruc[10]))


def validate_employer(employer: dict | None, lang: str | None = None) -> dict[str, str]:
    """``{field: message}`` for what is missing or wrong in ``employer`` (``name``, ``ruc``);
    empty when the pay slips can be issued."""
    t = translator(lang)
    employer = employer or {}
    problems: dict[str, str] = {}
    if not str(employer.get("name") or "").strip():
        problems["name"] = t(MSG_NAME_MISSING)
    ruc = str(employer.get("ruc") or "").strip()
    if not ruc:
        problems["ruc"] = t(MSG_RUC_MISSING)
    elif not (len(ruc) == 11 and ruc.isdigit() and ruc[:2] in RUC_PREFIXES):
        problems["ruc"] = t(MSG_RUC_FORMAT)
    elif not is_valid_ruc(ruc):
        problems["ruc"] = t(MSG_RUC_CHECK)
    return problems
