"""A register as a JSON document, for the embedded store (saved work).

The document keeps every value as typed (unmasked: the store stays on the trainer's
machine and a saved register must rebuild the same pay slips), with ISO dates.
"""
from __future__ import annotations

import io
import json

import pandas as pd

from .schema import conform

DOCUMENT_VERSION = 1


def register_to_document(workers: pd.DataFrame, employer: dict | None = None) -> dict:
    table = json.loads(conform(workers).to_json(orient="table", date_format="iso", index=True))
    return {"version": DOCUMENT_VERSION, "employer": dict(employer or {}), "workers": table}


def register_from_document(document: dict) -> tuple[pd.DataFrame, dict]:
    """``(workers, employer)`` back from :func:`register_to_document`'s output."""
    if not isinstance(document, dict) or document.get("version") != DOCUMENT_VERSION:
        raise ValueError("not a saved register document (unknown version)")
    frame = pd.read_json(io.StringIO(json.dumps(document["workers"])), orient="table")
    frame.index = frame.index.astype("int64")
    for col in frame.columns:  # JSON has no timezone-free dates: drop the UTC marker
        if isinstance(frame[col].dtype, pd.DatetimeTZDtype):
            frame[col] = frame[col].dt.tz_localize(None)
    return conform(frame), dict(document.get("employer") or {})
