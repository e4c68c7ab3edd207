"""Enterprise case studies of the SCORE productivity model: synthetic Indonesian SMEs.

Each case is a self-describing YAML file in ``datasets/`` (``id``, ``title``/``sector``/
``learning_points`` in en/id/es, ``province``, ``as_of``, ``workforce`` and ``baseline``, whose
keys are inputs of :data:`~modules.productivity.PRODUCTIVITY_INPUTS`); the ``enterprises:``
section of ``datasets/manifest.yaml`` lists them::

    from modules.productivity import enterprise_case_studies, load_enterprise_case, simulate
    enterprise_case_studies("id")                    # one row per case, texts in Bahasa Indonesia
    case = load_enterprise_case("id_jakarta_garment", "id")
    sim = simulate({**case.baseline, "qm_on": True}, start=case.start, province=case.province)
    case.simulate({"qm_on": True})                   # the same
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import pandas as pd
import yaml

from ..casestudies import DATASETS_DIR, MSG_UNKNOWN_CASE, CaseStudyError, _text, manifest
from ..i18n import N_, normalize_lang, translator
from .model import PRODUCTIVITY_INPUTS, Simulation, simulate

MSG_BAD_CASE_FILE = N_("The case study file {file} cannot be used: {problem}")

#: columns of :func:`enterprise_case_studies`
CASE_COLUMNS = ("id", "title", "sector", "province", "workers", "women", "men", "women_share",
                "size", "learning_points", "synthetic", "file")


@dataclass
class EnterpriseCase:
    """One enterprise case study, its texts in one language.

    ``baseline``: the file's inputs of ``PRODUCTIVITY_INPUTS``, validated (other inputs keep
    their defaults); ``workforce``: ``{"workers", "women", "men"}``; ``start``: the month after
    ``as_of`` (``YYYY-MM``), when the SCORE workshop of the case begins."""

    id: str
    title: str
    sector: str
    province: str | None
    as_of: pd.Timestamp | None
    workforce: dict
    baseline: dict
    learning_points: list[str] = field(default_factory=list)
    synthetic: bool = True
    size: str = ""
    file: Path | None = None

    @property
    def women_share(self) -> float:
        """Women as a share (0-1) of the workforce."""
        workers = self.workforce.get("workers") or 0
        return self.workforce.get("women", 0) / workers if workers else float("nan")

    @property
    def start(self) -> str:
        if self.as_of is None:
            return "2025-07"
        return (self.as_of.to_period("M") + 1).strftime("%Y-%m")

    def inputs(self, levers: Mapping[str, Any] | None = None) -> dict:
        """The baseline with ``levers`` (``{"qm_on": True, ...}``) on top."""
        return {**self.baseline, **(levers or {})}

    def simulate(self, levers: Mapping[str, Any] | None = None, months: int = 24,
                 start: Any = None, lang: str | None = None) -> Simulation:
        """:func:`~modules.productivity.simulate` of this enterprise with ``levers``."""
        return simulate(self.inputs(levers), months=months, start=start or self.start,
                        province=self.province, lang=lang)


def _entries() -> list[dict]:
    return list(manifest().get("enterprises") or [])


@lru_cache(maxsize=16)
def _read_cached(path: str, mtime: float) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def _read(entry: dict, lang: str) -> dict:
    path = DATASETS_DIR / entry["file"]
    data = _read_cached(str(path), path.stat().st_mtime)
    t = translator(lang)
    if data.get("id") != entry["id"]:
        raise CaseStudyError(t(MSG_BAD_CASE_FILE, file=entry["file"],
                               problem=f"id {data.get('id')!r} != {entry['id']!r}"))
    baseline = data.get("baseline")
    if not isinstance(baseline, dict):
        raise CaseStudyError(t(MSG_BAD_CASE_FILE, file=entry["file"], problem="no 'baseline:'"))
    return data


def _entry(case_id: str, lang: str) -> dict:
    for entry in _entries():
        if entry["id"] == case_id:
            return entry
    available = ", ".join(e["id"] for e in _entries())
    raise CaseStudyError(translator(lang)(MSG_UNKNOWN_CASE, case_id=case_id, available=available))


def load_enterprise_case(case_id: str, lang: str | None = None) -> EnterpriseCase:
    """One enterprise case study in ``lang``. An unknown id raises
    :class:`~modules.casestudies.CaseStudyError` (a ``KeyError``) with a translated message;
    a baseline that is not valid model input raises :class:`~modules.inputs.InputError`."""
    lang = normalize_lang(lang)
    entry = _entry(case_id, lang)
    data = _read(entry, lang)
    raw = dict(data["baseline"])
    checked = PRODUCTIVITY_INPUTS.validate(raw, lang)
    workforce = {k: int(v) for k, v in (data.get("workforce") or {}).items()}
    as_of = pd.Timestamp(data["as_of"]) if data.get("as_of") else None
    return EnterpriseCase(
        id=entry["id"], title=_text(data.get("title"), lang), sector=_text(data.get("sector"), lang),
        province=data.get("province") or None, as_of=as_of, workforce=workforce,
        baseline={k: checked[k] for k in raw},
        learning_points=[str(p) for p in _learning_points(data.get("learning_points"), lang)],
        synthetic=bool(entry.get("synthetic", data.get("synthetic", False))),
        size=str(entry.get("size", "")), file=DATASETS_DIR / entry["file"])


def _learning_points(value, lang: str) -> list[str]:
    """``{en: [...], id: [...]}`` or ``[{en: ..., id: ...}, ...]`` in ``lang`` (English fallback)."""
    if isinstance(value, dict):
        return list(value.get(lang) or value.get("en") or [])
    return [_text(p, lang) for p in value or []]


def enterprise_case_studies(lang: str | None = None) -> pd.DataFrame:
    """One row per enterprise case study (texts in ``lang``): ``CASE_COLUMNS``."""
    lang = normalize_lang(lang)
    rows = []
    for entry in _entries():
        case = load_enterprise_case(entry["id"], lang)
        rows.append({
            "id": case.id, "title": case.title, "sector": case.sector, "province": case.province,
            "workers": case.workforce.get("workers", case.baseline.get("workers")),
            "women": case.workforce.get("women"), "men": case.workforce.get("men"),
            "women_share": case.women_share, "size": case.size,
            "learning_points": case.learning_points, "synthetic": case.synthetic,
            "file": entry["file"],
        })
    return pd.DataFrame(rows, columns=list(CASE_COLUMNS))


__all__ = ["CASE_COLUMNS", "EnterpriseCase", "enterprise_case_studies", "load_enterprise_case"]
