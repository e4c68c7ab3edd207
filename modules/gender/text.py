"""How the gender lab writes percentages and rupiah (locale-aware, no decimals of rupiah)."""
from __future__ import annotations

import numpy as np


def pct(t, value, digits: int = 1) -> str:
    """``5,7 %`` (id, es) / ``5.7 %`` (en); a dash for a missing value."""
    if value is None or not np.isfinite(float(value)):
        return "–"
    return f"{t.number(float(value), digits)}\u00a0%"


def rupiah(t, amount) -> str:
    """Whole rupiah in the participant's locale: ``Rp5.396.761`` (id, written without a
    space as in Indonesia), ``Rp 5,396,761`` (en); a dash for a missing value."""
    if amount is None or not np.isfinite(float(amount)):
        return "–"
    sep = "" if t.lang == "id" else "\u00a0"
    sign = "-" if float(amount) < 0 else ""
    return f"{sign}Rp{sep}{t.number(abs(round(float(amount))), 0)}"
