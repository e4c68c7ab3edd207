"""Small helpers shared by the pay slip renderer: safe text for the PDF core fonts, masking,
periods and labels declared once (marked with ``N_`` and translated when shown)."""
from __future__ import annotations

import calendar
import math
import re
import unicodedata
from datetime import date, datetime

import pandas as pd

from modules.i18n import N_, Translator

# --------------------------------------------------------------------------------------
# Text the PDF core font (Helvetica, latin-1) can show
# --------------------------------------------------------------------------------------
#: characters outside latin-1 that have an obvious latin-1 spelling
_REPLACEMENTS = {
    "\u00a0": " ",  # no-break space (Babel money formats): plain space extracts cleanly
    "\u202f": " ",  # narrow no-break space
    "\u2009": " ",
    "\u2007": " ",
    "\u2013": "-",
    "\u2014": "-",
    "\u2012": "-",
    "\u2212": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",  # modifier letter apostrophe (Quechua/Aymara spellings)
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2026": "...",
    "\u2022": "\u00b7",
    "\u20ac": "EUR",
    "\u0141": "L",
    "\u0142": "l",
    "\u0110": "D",
    "\u0111": "d",
    "\u0131": "i",
    "\u0152": "OE",
    "\u0153": "oe",
}


def pdf_text(value) -> str:
    """Return ``value`` as text Helvetica (latin-1) can draw, never raising.

    Latin-1 letters (á, ñ, ü, ç...) are kept; typographic punctuation is replaced by its
    plain equivalent; other letters lose their accents (``ŝ`` -> ``s``); anything left
    becomes ``?``.
    """
    if value is None:
        return ""
    text = str(value)
    out = []
    for ch in text:
        if ch in _REPLACEMENTS:
            out.append(_REPLACEMENTS[ch])
            continue
        if ord(ch) < 256:
            out.append(ch if ch.isprintable() or ch == " " else " ")
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        if base and all(ord(c) < 256 for c in base):
            out.append(base)
        else:
            out.append("?")
    return "".join(out)


# --------------------------------------------------------------------------------------
# Values from a register row
# --------------------------------------------------------------------------------------
def is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def period_and_pay_day(period, payment_date, t: Translator) -> tuple[str, date]:
    """``("2025-07", date(2025, 7, 31))``: the period normalised and the payment date
    (default: the period's last day); a translated ``ValueError`` for a malformed period."""
    try:
        year, month = parse_period(period)
    except ValueError:
        raise ValueError(t("The period must look like 2025-07 (year-month), got {period}",
                           period=period)) from None
    return f"{year:04d}-{month:02d}", as_date(payment_date) or last_day(year, month)


def clean(value) -> str:
    """A register cell as display text (``""`` for missing values)."""
    return "" if is_missing(value) else str(value).strip()


def amount(row, column: str) -> float:
    """A money column of a payroll row as a float (missing -> 0.0)."""
    value = row.get(column) if hasattr(row, "get") else None
    if is_missing(value):
        return 0.0
    number = float(value)
    return 0.0 if math.isnan(number) else number


def mask_account(account) -> str:
    """``"19187654321"`` -> ``"***** 4321"``: only the last 4 characters are shown.

    The number of stars is fixed so the mask does not reveal the account's length; an
    account of 4 characters or fewer is masked completely.
    """
    text = re.sub(r"\s+", "", clean(account))
    if not text:
        return ""
    if len(text) <= 4:
        return "*" * 5
    return "***** " + text[-4:]


# --------------------------------------------------------------------------------------
# Periods
# --------------------------------------------------------------------------------------
_PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_period(period) -> tuple[int, int]:
    """``"2025-07"`` -> ``(2025, 7)``; ValueError for anything else."""
    match = _PERIOD_RE.match(str(period).strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(period)
    return int(match.group(1)), int(match.group(2))


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def as_date(value) -> date | None:
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(str(value)).date()


# --------------------------------------------------------------------------------------
# Labels (declared once, translated when shown)
# --------------------------------------------------------------------------------------
REGIME_LABELS = {
    "general": N_("General regime"),
    "micro": N_("Micro enterprise (REMYPE)"),
    "small": N_("Small enterprise (REMYPE)"),
}

ID_TYPE_LABELS = {
    "DNI": N_("DNI"),
    "CE": N_("Foreigner's card (CE)"),
    "PAS": N_("Passport"),
}

COMMISSION_LABELS = {
    "flow": N_("flow commission"),
    "balance": N_("mixed commission (on the fund balance)"),
}

HEALTH_LABELS = {
    "essalud": N_("EsSalud"),
    "sis": N_("SIS (semi-subsidised)"),
    "eps": N_("EPS (private provider) and EsSalud"),
}

PAYMENT_METHOD_LABELS = {
    "cash": N_("Cash"),
    "bank": N_("Bank account"),
    "ewallet": N_("E-wallet"),
}

#: (payroll column, label) in the order they appear on the slip
EARNINGS = (
    ("basic_pay", N_("Basic pay")),
    ("asignacion_familiar", N_("Family allowance (asignación familiar)")),
    ("gratificacion", N_("Bonus (gratificación)")),
    ("bonificacion_extraordinaria", N_("Extraordinary bonus (Law 30334)")),
)
PENSION_DEDUCTIONS = {
    "ONP": (("onp", N_("ONP - national pension system")),),
    "AFP": (
        ("afp_fund", N_("AFP - contribution to the fund")),
        ("afp_insurance", N_("AFP - insurance premium")),
        ("afp_commission", N_("AFP - commission")),
    ),
}
INCOME_TAX = ("income_tax", N_("Income tax, 5th category"))
EMPLOYER_CONTRIBUTIONS = (
    ("essalud", N_("EsSalud (health, employer)")),
    ("cts", N_("CTS deposit (worker's CTS account)")),
)


def label(t: Translator, labels: dict, key) -> str:
    """Translated label for a code; unknown codes are shown as they are."""
    code = clean(key)
    for candidate in (code, code.lower(), code.upper()):
        if candidate in labels:
            return t(labels[candidate])
    return code
