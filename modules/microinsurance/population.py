"""The dockers: population inputs, member tables, the bundled case and the seasons.

A population is given either as values of :data:`POPULATION_INPUTS` (an average docker and
how much incomes differ) or as a member table, one row per docker, with the columns of
:data:`MEMBER_INPUTS` (``pay_per_sack``, ``sacks_per_day``, ``days_per_month``, ``age``;
optionally ``enrolled``, ``sex`` and others, kept as they are). :func:`resolve_population`
turns either into a :class:`Population`; :func:`load_dockers` reads the synthetic Lima case
of ``datasets/microinsurance/``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd
import yaml

from ..config import PROJECT_ROOT
from ..i18n import N_, translator
from ..inputs import InputError, InputSet, InputSpec
from .params import POPULATION_INPUTS, U_DAYS_MONTH, U_PEN_SACK, U_SACKS_DAY, U_YEARS, U_YES_NO

DATASET_DIR = PROJECT_ROOT / "datasets" / "microinsurance"
DATASET_MANIFEST = DATASET_DIR / "manifest.yaml"
#: calendar days a docker could work in a month (the market works every day)
DAYS_IN_MONTH = 30

MEMBER_INPUTS = InputSet([
    InputSpec("pay_per_sack", U_PEN_SACK, 1.5, 0.1, 20, 0.05, N_("Pay per sack"),
              N_("What a docker earns for carrying one sack."), source="Member table"),
    InputSpec("sacks_per_day", U_SACKS_DAY, 30.0, 1, 400, 1, N_("Sacks a day"),
              N_("Sacks an average docker carries on a day of work."), source="Member table"),
    InputSpec("days_per_month", U_DAYS_MONTH, 22.0, 1, 30, 0.5, N_("Days worked a month"),
              N_("Average days of work in a month over the year."), source="Member table"),
    InputSpec("age", U_YEARS, 38, 14, 90, 1, N_("Age"), N_("Age of the docker in years."),
              source="Member table"),
    InputSpec("enrolled", U_YES_NO, True, 0, 1, 1, N_("Insured"),
              N_("Yes: the docker joins the scheme in the first year."), source="Member table"),
])
REQUIRED_MEMBER_COLUMNS = ("pay_per_sack", "sacks_per_day", "days_per_month", "age")

MSG_MISSING_COLUMNS = N_("The member table lacks the columns {columns}.")
MSG_NO_MEMBERS = N_("The member table has no rows.")
MSG_NOT_A_TABLE = N_("The dockers must be given as values or as a member table.")


@dataclass
class Population:
    """A resolved population: ``values`` (every input of :data:`POPULATION_INPUTS`) and,
    when the population came from a member table, ``members`` (validated, one row per
    docker, with ``monthly_income``)."""

    values: dict
    members: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def insured_at_start(self) -> int:
        """Members in month 1: dockers x enrolment (for a member table, whose enrolment is
        the share of ``enrolled`` rows, exactly the enrolled dockers)."""
        v = self.values
        return int(round(v["members"] * v["enrolment_pct"] / 100))

    @property
    def mean_income(self) -> float:
        """Average monthly income of a docker (PEN)."""
        v = self.values
        return float(v["pay_per_sack"] * v["sacks_per_day"] * v["days_per_month"])

    @property
    def daily_income(self) -> float:
        """Average income of a day worked (PEN)."""
        return float(self.values["pay_per_sack"] * self.values["sacks_per_day"])


def validate_members(table: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """A member table checked column by column (translated :class:`InputError` naming the
    rows of each problem); returns a copy with the numeric columns converted, ``enrolled``
    as bool (all True when absent) and ``monthly_income`` added."""
    t = translator(lang)
    if not isinstance(table, pd.DataFrame):
        raise InputError({"population": t(MSG_NOT_A_TABLE)}, lang)
    if len(table) == 0:
        raise InputError({"population": t(MSG_NO_MEMBERS)}, lang)
    missing = [c for c in REQUIRED_MEMBER_COLUMNS if c not in table.columns]
    if missing:
        raise InputError({"population": t(MSG_MISSING_COLUMNS, columns=", ".join(missing))}, lang)
    known = [c for c in MEMBER_INPUTS.names if c in table.columns]
    checked = MEMBER_INPUTS.validate_frame(table[known], lang)
    out = table.copy()
    for name in MEMBER_INPUTS.names:
        out[name] = checked[name].to_numpy()
    out["age"] = out["age"].astype(int)
    out["enrolled"] = out["enrolled"].astype(bool)
    out["monthly_income"] = out["pay_per_sack"] * out["sacks_per_day"] * out["days_per_month"]
    return out


def population_from_members(table: pd.DataFrame, overrides: Mapping[str, Any] | None = None,
                            lang: str | None = None) -> Population:
    """Population inputs summarising a member table: ``members`` = rows, ``enrolment_pct`` =
    share with ``enrolled``, ``pay_per_sack`` and ``days_per_month`` = means,
    ``sacks_per_day`` such that pay x sacks x days = the mean monthly income, ``income_cv``
    = coefficient of variation of monthly incomes, ``mean_age``. Seasonality, peak month,
    renewal and new enrolment come from ``overrides`` or the defaults."""
    members = validate_members(table, lang)
    income = members["monthly_income"].to_numpy(float)
    pay = float(members["pay_per_sack"].mean())
    days = float(members["days_per_month"].mean())
    derived = {
        "members": int(len(members)),
        "enrolment_pct": float(100 * members["enrolled"].mean()),
        "pay_per_sack": pay,
        "days_per_month": days,
        "sacks_per_day": float(income.mean() / (pay * days)),
        "income_cv": float(100 * income.std() / income.mean()) if len(income) > 1 else 0.0,
        "mean_age": int(round(members["age"].mean())),
    }
    derived = {k: min(max(v, POPULATION_INPUTS.spec(k).min), POPULATION_INPUTS.spec(k).max)
               for k, v in derived.items()}
    derived["members"] = int(derived["members"])
    derived["mean_age"] = int(derived["mean_age"])
    values = POPULATION_INPUTS.validate({**derived, **dict(overrides or {})}, lang)
    return Population(values, members)


def resolve_population(population: Any = None, lang: str | None = None) -> Population:
    """``None`` (defaults), a mapping of :data:`POPULATION_INPUTS`, a member table or a
    :class:`Population` -> :class:`Population` (validated)."""
    if isinstance(population, Population):
        return population
    if isinstance(population, pd.DataFrame):
        return population_from_members(population, lang=lang)
    if population is None or isinstance(population, Mapping):
        return Population(POPULATION_INPUTS.validate(population or {}, lang))
    raise InputError({"population": translator(lang)(MSG_NOT_A_TABLE)}, lang)


# ---------------------------------------------------------------------------------------
# seasons: share of the days a docker works, month by month
# ---------------------------------------------------------------------------------------
def calendar_months(start_month: int, months: int) -> np.ndarray:
    """Month of the year (1-12) of each simulated month, starting at ``start_month``."""
    return (int(start_month) - 1 + np.arange(months)) % 12 + 1


def season_factor(values: Mapping[str, Any], calendar: np.ndarray) -> np.ndarray:
    """Work in each month relative to the average month: ``1 + swing x cos(2 pi (month -
    peak) / 12)`` (1 everywhere when the swing is 0)."""
    swing = float(values["seasonality_pct"]) / 100
    return 1 + swing * np.cos(2 * np.pi * (np.asarray(calendar) - float(values["peak_month"])) / 12)


def day_probability(values: Mapping[str, Any], calendar: np.ndarray) -> np.ndarray:
    """Probability that a docker works on a given day of each month: ``days x season / 30``,
    at most 1. Days worked in a month are binomial(30, this probability)."""
    p = float(values["days_per_month"]) * season_factor(values, calendar) / DAYS_IN_MONTH
    return np.clip(p, 0.0, 1.0)


# ---------------------------------------------------------------------------------------
# the bundled case (datasets/microinsurance/)
# ---------------------------------------------------------------------------------------
@lru_cache(maxsize=2)
def _manifest_cached(mtime: float) -> dict:
    with DATASET_MANIFEST.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def dataset_manifest() -> dict:
    """The parsed ``datasets/microinsurance/manifest.yaml``."""
    return _manifest_cached(DATASET_MANIFEST.stat().st_mtime)


def _case(case_id: str | None) -> dict:
    cases = dataset_manifest().get("cases") or []
    if case_id is None:
        return cases[0]
    for case in cases:
        if case["id"] == case_id:
            return case
    raise KeyError(case_id)


def dataset_path(case_id: str | None = None) -> Path:
    return DATASET_DIR / _case(case_id)["file"]


def load_dockers(case_id: str | None = None) -> pd.DataFrame:
    """The member table of a bundled case (the Lima dockers by default), one row per docker."""
    return pd.read_csv(dataset_path(case_id))


def case_texts(case_id: str | None = None, lang: str | None = None) -> dict:
    """Title, description and learning points of a bundled case in ``lang`` (English
    fallback): ``{"title", "description", "learning_points", "synthetic", "file"}``."""
    from ..i18n import normalize_lang

    lang = normalize_lang(lang)
    case = _case(case_id)

    def text(value):
        if isinstance(value, dict):
            return str(value.get(lang) or value.get("en") or "")
        return "" if value is None else str(value)

    return {"id": case["id"], "title": text(case.get("title")),
            "description": text(case.get("description")),
            "learning_points": [text(p) for p in case.get("learning_points") or []],
            "synthetic": bool(case.get("synthetic")), "file": case["file"]}
