"""Worked examples of the payroll (``worked_examples.yaml``) as registers an analyst can run."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .engine import PAYROLL_COLUMNS

EXAMPLES_FILE = Path(__file__).resolve().parent / "worked_examples.yaml"

#: a complete canonical register row; examples and tests override a few fields
BASE_WORKER: dict[str, Any] = dict(
    worker_id="W001", id_type="DNI", id_number="00000000", first_name="Example", last_name="Worker",
    sex="F", birth_date=pd.Timestamp("1990-01-01"), hire_date=pd.Timestamp("2020-01-01"),
    end_date=pd.NaT, position="Assistant", regime="general", monthly_wage=1500.0, weekly_hours=48.0,
    pension_system="ONP", afp_name=None, afp_commission=None, has_children=False,
    health="essalud", payment_method="bank", payment_provider="Bank", account_number="0000000000",
    digital_consent=False, consent_date=pd.NaT,
)
_DATE_COLUMNS = ("birth_date", "hire_date", "end_date", "consent_date")
NUMERIC_COLUMNS = [c for c in PAYROLL_COLUMNS if c != "worker_id"]


def make_register(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A canonical register (index 1..n) from partial rows completed with :data:`BASE_WORKER`."""
    data = [{**BASE_WORKER, **{k: v for k, v in row.items()}} for row in rows]
    df = pd.DataFrame(data, index=pd.RangeIndex(1, len(data) + 1), columns=list(BASE_WORKER))
    for col in _DATE_COLUMNS:
        df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
    df["monthly_wage"] = df["monthly_wage"].astype(float)
    df["weekly_hours"] = df["weekly_hours"].astype(float)
    df["has_children"] = df["has_children"].astype(bool)
    df["digital_consent"] = df["digital_consent"].astype(bool)
    return df


def load_worked_examples(path: Path | str = EXAMPLES_FILE) -> list[dict[str, Any]]:
    """The examples with their ``inputs`` completed by the file's ``defaults``; ``expected``
    lists every payroll amount (0.0 for the columns the file leaves out)."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    defaults = data.get("defaults", {})
    out = []
    for ex in data["examples"]:
        inputs = {**defaults, **ex.get("inputs", {})}
        expected = {c: 0.0 for c in NUMERIC_COLUMNS}
        expected.update({k: float(v) for k, v in ex["expected"].items()})
        out.append({**ex, "period": str(ex["period"]), "inputs": inputs, "expected": expected})
    return out


def worked_examples_table(path: Path | str = EXAMPLES_FILE) -> pd.DataFrame:
    """One row per example: id, title, period, inputs and expected amounts side by side."""
    rows = []
    for ex in load_worked_examples(path):
        rows.append({"id": ex["id"], "title": ex["title"], "period": ex["period"],
                     **{f"in_{k}": v for k, v in ex["inputs"].items()},
                     **ex["expected"]})
    return pd.DataFrame(rows)
