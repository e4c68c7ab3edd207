"""Bundled case studies: synthetic enterprises with their worker registers.

The list lives in ``datasets/manifest.yaml`` (bilingual texts, employer data, the file of
each register, deliberate data problems). ``load_case_study`` reads the register with
:func:`modules.register.load_register`, validating it as of the case's ``as_of`` date.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from .config import PROJECT_ROOT
from .i18n import N_, normalize_lang, translator
from .register import load_register

DATASETS_DIR = PROJECT_ROOT / "datasets"
MANIFEST = DATASETS_DIR / "manifest.yaml"

MSG_UNKNOWN_CASE = N_('There is no case study "{case_id}". Available: {available}.')


class CaseStudyError(KeyError, ValueError):
    """Unknown case study id (message translated)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


@dataclass
class CaseStudy:
    id: str
    employer: dict
    workers: pd.DataFrame
    problems: pd.DataFrame
    title: str = ""
    description: str = ""
    learning_points: list[str] = field(default_factory=list)
    region: str = ""
    sector: str = ""
    regime: str = ""
    as_of: pd.Timestamp | None = None
    known_problems: list[dict] = field(default_factory=list)
    file: Path | None = None
    #: the workers' digital-payment readiness survey of the case, when it has one
    survey_file: Path | None = None


def _text(value, lang: str) -> str:
    """A bilingual manifest field ``{en: ..., es: ...}`` in ``lang`` (English fallback)."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


@lru_cache(maxsize=1)
def _manifest_cached(mtime: float) -> dict:
    with MANIFEST.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def manifest() -> dict:
    """The parsed manifest (re-read when the file changes)."""
    return _manifest_cached(MANIFEST.stat().st_mtime)


def _entries() -> list[dict]:
    return list(manifest().get("case_studies") or [])


def _entry(case_id: str, lang: str) -> dict:
    for entry in _entries():
        if entry["id"] == case_id:
            return entry
    t = translator(lang)
    available = ", ".join(e["id"] for e in _entries())
    raise CaseStudyError(t(MSG_UNKNOWN_CASE, case_id=case_id, available=available))


def case_study_path(case_id: str) -> Path:
    """Path of a case study's register file."""
    return DATASETS_DIR / _entry(case_id, normalize_lang(None))["file"]


def sample_path(sample_id: str) -> Path:
    """Path of a sample file (``register_template``, ``register_with_errors``)."""
    for entry in manifest().get("samples") or []:
        if entry["id"] == sample_id:
            return DATASETS_DIR / entry["file"]
    raise KeyError(sample_id)


def _choice_text(t, col, value) -> str:
    label = col.choice_label(value)
    return t(label) if label else ""


@lru_cache(maxsize=32)
def _count_rows_cached(path: str, mtime: float) -> int:
    workers, _ = load_register(path)
    return len(workers)


def _count_rows(path: Path) -> int:
    return _count_rows_cached(str(path), path.stat().st_mtime)


def list_case_studies(lang: str | None = None) -> pd.DataFrame:
    """One row per case study: id, title, description, region, sector, regime (code),
    regime_label, workers (count), learning_points (list of texts), synthetic."""
    lang = normalize_lang(lang)
    t = translator(lang)
    from .register import column

    regime_col = column("regime")
    rows = []
    for entry in _entries():
        rows.append({
            "id": entry["id"],
            "title": _text(entry.get("title"), lang),
            "description": _text(entry.get("description"), lang),
            "region": _text(entry.get("region"), lang),
            "sector": _text(entry.get("sector"), lang),
            "regime": entry.get("regime", ""),
            "regime_label": _choice_text(t, regime_col, entry.get("regime")),
            "workers": _count_rows(DATASETS_DIR / entry["file"]),
            "learning_points": [_text(p, lang) for p in entry.get("learning_points") or []],
            "synthetic": bool(entry.get("synthetic", False)),
        })
    columns = ["id", "title", "description", "region", "sector", "regime", "regime_label",
               "workers", "learning_points", "synthetic"]
    return pd.DataFrame(rows, columns=columns)


def load_case_study(case_id: str, lang: str | None = None, today=None) -> CaseStudy:
    """Load a case study: employer data, the workers and their problems (in ``lang``).

    ``today`` defaults to the case's ``as_of`` date, so the checks (minimum wage, hire dates)
    describe the case as written. Raises :class:`CaseStudyError` (a ``KeyError``) with a
    translated message for an unknown id.
    """
    lang = normalize_lang(lang)
    entry = _entry(case_id, lang)
    as_of = pd.Timestamp(entry["as_of"]) if entry.get("as_of") else None
    path = DATASETS_DIR / entry["file"]
    workers, problems = load_register(path, lang=lang, today=today if today is not None else as_of)
    employer = dict(entry.get("employer") or {})
    employer.update({
        "region": _text(entry.get("region"), lang),
        "sector": _text(entry.get("sector"), lang),
        "regime": entry.get("regime", ""),
    })
    known = [{"row": int(p["row"]), "field": p["field"], "severity": p.get("severity", "error"),
              "description": _text(p.get("description"), lang)}
             for p in entry.get("known_problems") or []]
    return CaseStudy(
        id=entry["id"], employer=employer, workers=workers, problems=problems,
        title=_text(entry.get("title"), lang), description=_text(entry.get("description"), lang),
        learning_points=[_text(p, lang) for p in entry.get("learning_points") or []],
        region=employer["region"], sector=employer["sector"], regime=employer["regime"],
        as_of=as_of, known_problems=known, file=path,
        survey_file=DATASETS_DIR / entry["survey"] if entry.get("survey") else None,
    )


__all__ = ["CaseStudy", "CaseStudyError", "DATASETS_DIR", "MANIFEST", "case_study_path",
           "list_case_studies", "load_case_study", "manifest", "sample_path"]
