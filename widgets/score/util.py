"""Number formats of the SCORE lab (rupiah without decimals, signed percentages)."""
from __future__ import annotations

import re

import numpy as np


def idr(t, amount: float) -> str:
    """Rupiah without decimals in the participant's locale (``Rp5.396.761``), via ``t.money``."""
    if amount is None or not np.isfinite(amount):
        return "—"
    return re.sub(r"[.,]00$", "", t.money(round(float(amount)), "IDR"))


def signed_percent(t, value: float, digits: int = 0) -> str:
    """``+4 %`` / ``−30 %`` with the locale's digits; ``—`` when there is no number."""
    if value is None or not np.isfinite(value):
        return "—"
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{t.number(abs(value), digits)} %"
