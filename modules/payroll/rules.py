"""Rule packs: dated parameters read from YAML files a trainer can edit.

A rule pack is a folder ``modules/payroll/params/<pack>/`` of YAML files. Each file holds
``parameters:`` -> ``<name>: {description, unit, values: {<date>: {value, reference, ...}}}``.
``load_rules("pe").value("rmv", "2025-07-31")`` returns the value in force on that date.
A date before the first value raises :class:`RulesError` naming the parameter, the date
and the first date available.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ..i18n import N_, translator

PARAMS_DIR = Path(__file__).resolve().parent / "params"
_PERIOD_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class TranslatableError(ValueError):
    """A ValueError whose message is an English msgid of the ``payroll`` domain.

    ``str(error)`` is the message in the language chosen when raising (``lang=None`` -> the
    trainer's default); ``error.translate(lang)`` renders it in another language.
    """

    def __init__(self, msgid: str, lang: str | None = None, **kwargs: Any):
        self.msgid = msgid
        self.kwargs = kwargs
        self.lang = lang
        super().__init__(self.translate(lang))

    def translate(self, lang: str | None = None) -> str:
        return translator(lang)(self.msgid, **self.kwargs)


class RulesError(TranslatableError):
    """Unknown rule pack, malformed period, or a date outside a parameter's values."""


# msgids (extracted by the translation test)
MSG_UNKNOWN_PACK = N_("Unknown rule pack {pack}; available: {available}.")
MSG_UNKNOWN_PARAMETER = N_("Rule pack {pack} has no parameter {name}.")
MSG_BEFORE_FIRST = N_(
    "Parameter {name} (file {file}) has no value in force on {date}: "
    "the first value available takes effect on {first}."
)
MSG_BAD_PERIOD = N_("Period {period} is not valid: write it as year-month, e.g. 2025-07.")
MSG_BAD_FILE = N_("Rule file {file} is not valid: {problem}")


def _to_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value).date()
    return date.fromisoformat(str(value).strip()[:10])


@dataclass(frozen=True)
class Period:
    """A payroll month ``YYYY-MM``."""

    year: int
    month: int

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return (pd.Timestamp(self.first_day) + pd.offsets.MonthEnd(0)).date()

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parse_period(period: Any, lang: str | None = None) -> Period:
    """``"2025-07"`` (or a date/Timestamp, or ``"2025-07-31"``) -> :class:`Period`."""
    if isinstance(period, Period):
        return period
    if isinstance(period, (date, datetime, pd.Timestamp)):
        return Period(period.year, period.month)
    text = str(period)
    match = _PERIOD_RE.match(text) or _PERIOD_RE.match(text[:7])
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1900 <= year <= 2999 and 1 <= month <= 12:
            return Period(year, month)
    raise RulesError(MSG_BAD_PERIOD, lang=lang, period=repr(period))


@dataclass
class Parameter:
    name: str
    file: str
    description: str
    unit: str
    dates: list[date]
    values: list[Any]
    references: list[str]
    illustrative: list[bool]
    notes: list[str]
    _dates64: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._dates64 = np.array(self.dates, dtype="datetime64[D]")

    def index_at(self, on_date: date, lang: str | None = None) -> int:
        i = int(np.searchsorted(self._dates64, np.datetime64(on_date, "D"), side="right")) - 1
        if i < 0:
            raise RulesError(
                MSG_BEFORE_FIRST,
                lang=lang,
                name=self.name,
                file=self.file,
                date=on_date.isoformat(),
                first=self.dates[0].isoformat(),
            )
        return i


class Rules:
    """The parameters of one rule pack, looked up by name and date."""

    def __init__(self, pack: str, parameters: dict[str, Parameter], lang: str | None = None):
        self.pack = pack
        self.parameters = parameters
        self.lang = lang

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Rules({self.pack!r}, {len(self.parameters)} parameters)"

    def __contains__(self, name: str) -> bool:
        return name in self.parameters

    def parameter(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise RulesError(MSG_UNKNOWN_PARAMETER, lang=self.lang, pack=self.pack, name=name) from None

    def value(self, name: str, on_date: Any) -> Any:
        """Value of parameter ``name`` in force on ``on_date`` (date, Timestamp or ISO string)."""
        param = self.parameter(name)
        return param.values[param.index_at(_to_date(on_date), self.lang)]

    def entry(self, name: str, on_date: Any) -> dict[str, Any]:
        """The full entry in force: value, effective date, reference, illustrative flag, note."""
        param = self.parameter(name)
        i = param.index_at(_to_date(on_date), self.lang)
        return {
            "name": name,
            "value": param.values[i],
            "since": param.dates[i],
            "reference": param.references[i],
            "illustrative": param.illustrative[i],
            "note": param.notes[i],
            "file": param.file,
        }

    def values(self, name: str, dates: Any) -> np.ndarray:
        """Vectorised lookup of a numeric parameter for an array of dates."""
        param = self.parameter(name)
        d = np.asarray(pd.to_datetime(pd.Series(dates)).to_numpy(), dtype="datetime64[D]")
        idx = np.searchsorted(param._dates64, d, side="right") - 1
        if len(idx) and idx.min() < 0:
            bad = d[idx < 0].min()
            param.index_at(pd.Timestamp(bad).date(), self.lang)  # raises RulesError
        return np.asarray(param.values, dtype=float)[idx]

    def value_for_period(self, name: str, period: Any) -> Any:
        """Value in force on the last day of the period ``YYYY-MM``."""
        return self.value(name, parse_period(period, self.lang).last_day)

    def table(self) -> pd.DataFrame:
        """All parameter entries as a table (for trainers and documentation)."""
        rows = []
        for p in self.parameters.values():
            for d, v, r, ill, note in zip(p.dates, p.values, p.references, p.illustrative, p.notes):
                rows.append(
                    {"name": p.name, "since": d, "value": v, "unit": p.unit, "reference": r,
                     "illustrative": ill, "note": note, "file": p.file}
                )
        return pd.DataFrame(rows)


def available_rule_packs(params_dir: Path | None = None) -> list[str]:
    base = params_dir or PARAMS_DIR
    return sorted(p.name for p in base.iterdir() if p.is_dir() and any(p.glob("*.yaml")))


def _pack_label(pack: str, params_dir: Path | None) -> str:
    """How files of a pack are named in messages: ``pe`` or ``productivity/id``."""
    return pack if params_dir is None else f"{params_dir.parent.name}/{pack}"


def _read_pack(pack: str, lang: str | None, params_dir: Path | None = None) -> dict[str, Parameter]:
    folder = (params_dir or PARAMS_DIR) / pack
    label = _pack_label(pack, params_dir)
    params: dict[str, Parameter] = {}
    for path in sorted(folder.glob("*.yaml")):
        fname = path.name

        def bad(problem: str) -> RulesError:
            return RulesError(MSG_BAD_FILE, lang=lang, file=f"{label}/{fname}", problem=problem)

        with path.open(encoding="utf-8") as fh:
            try:
                data = yaml.safe_load(fh) or {}
            except yaml.YAMLError as exc:
                raise bad(str(exc)) from None
        if not isinstance(data, dict) or not isinstance(data.get("parameters"), dict):
            raise bad("expected a mapping 'parameters:'")
        for name, spec in data["parameters"].items():
            if not isinstance(spec, dict) or not isinstance(spec.get("values"), dict) or not spec["values"]:
                raise bad(f"parameter {name}: expected 'values:' keyed by date")
            if name in params:
                raise bad(f"parameter {name} is also defined in {params[name].file}")
            entries = []
            for key, entry in spec["values"].items():
                try:
                    d = _to_date(key)
                except ValueError:
                    raise bad(f"parameter {name}: {key!r} is not a date YYYY-MM-DD") from None
                if not isinstance(entry, dict) or "value" not in entry:
                    raise bad(f"parameter {name}, {d}: expected 'value:'")
                if not str(entry.get("reference", "")).strip():
                    raise bad(f"parameter {name}, {d}: every value needs a 'reference:'")
                entries.append((d, entry))
            entries.sort(key=lambda e: e[0])
            params[name] = Parameter(
                name=name,
                file=fname,
                description=str(spec.get("description", "")),
                unit=str(spec.get("unit", "")),
                dates=[d for d, _ in entries],
                values=[e["value"] for _, e in entries],
                references=[str(e["reference"]) for _, e in entries],
                illustrative=[bool(e.get("illustrative", False)) for _, e in entries],
                notes=[str(e.get("note", "")) for _, e in entries],
            )
    return params


@lru_cache(maxsize=16)
def _load(pack: str, signature: tuple, params_dir: Path | None = None) -> dict[str, Parameter]:
    return _read_pack(pack, None, params_dir)


def load_rules(rules: Any = "pe", lang: str | None = None, params_dir: Path | None = None) -> Rules:
    """Load rule pack ``rules`` (a name such as ``"pe"``; a :class:`Rules` is returned as is).

    ``params_dir``: the folder holding the packs (default: the payroll's ``params/``); other
    models keep their dated legal parameters in the same format (e.g. the productivity
    model's ``params/id``).

    Files are re-read when they change (the cache key includes their modification times),
    so a trainer's edit is picked up without restarting.
    """
    if isinstance(rules, Rules):
        return rules
    pack = str(rules).strip().lower()
    folder = (params_dir or PARAMS_DIR) / pack
    available = ", ".join(available_rule_packs(params_dir))
    if not pack or "/" in pack or "\\" in pack or pack.startswith(".") or not folder.is_dir():
        raise RulesError(MSG_UNKNOWN_PACK, lang=lang, pack=repr(rules), available=available)
    signature = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.yaml")))
    if not signature:
        raise RulesError(MSG_UNKNOWN_PACK, lang=lang, pack=repr(rules), available=available)
    return Rules(_pack_label(pack, params_dir), _load(pack, signature, params_dir), lang=lang)
