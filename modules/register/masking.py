"""Masking of personal data (document and account numbers) for displays and exports."""
from __future__ import annotations

import pandas as pd

MASK_CHAR = "*"


def _mask(value, keep: int = 4):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return value
    text = str(value)
    if len(text) <= keep:
        return MASK_CHAR * len(text)
    return MASK_CHAR * (len(text) - keep) + text[-keep:]


def mask_account(value):
    """``"19112345678901"`` -> ``"**********8901"``: all but the last 4 characters hidden."""
    return _mask(value)


def mask_id(value):
    """``"45781236"`` -> ``"****1236"``: all but the last 4 characters hidden."""
    return _mask(value)


def mask_series(values: pd.Series, keep: int = 4) -> pd.Series:
    """Vectorised masking of a text Series (missing values stay missing)."""
    s = values.astype("str")
    length = s.str.len()
    hidden = (length - keep).clip(lower=0)
    # short values (<= keep characters) are hidden completely
    stars = hidden.where(length > keep, length).fillna(0).astype(int)
    tail = s.str[-keep:].where(length > keep, "")
    out = stars.map(lambda n: MASK_CHAR * n) + tail
    return out.where(s.notna(), s)


def mask_workers(workers: pd.DataFrame) -> pd.DataFrame:
    """A copy of the register with document and account numbers masked."""
    out = workers.copy()
    for name in ("id_number", "account_number"):
        if name in out.columns:
            out[name] = mask_series(out[name])
    return out
