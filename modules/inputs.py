"""Inputs declared once: validation of API calls, tables for trainers, widgets.

A model declares each of its inputs as an :class:`InputSpec` (name, unit, default, range,
step, label, help text, source or illustrative) and groups them in an :class:`InputSet`::

    from modules.inputs import InputSpec, InputSet, InputError, N_
    SPECS = InputSet([
        InputSpec("workers", N_("workers"), 20, 1, 5000, 1, N_("Workers"),
                  N_("Number of workers on the payroll."), source="Register"),
    ])
    values = SPECS.validate({"workers": 60}, lang="es")   # defaults filled in, converted

The same declaration generates the lab's widgets (``widgets/`` reads ``spec.kind``,
``min``, ``max``, ``step``, the translated ``label`` and ``help``) and the trainers'
table (:meth:`InputSet.table`). Labels, units and help texts are English msgids of the
``digitization`` domain, translated when shown.

Kinds: an input whose default is a ``bool`` is a yes/no switch (``kind == "bool"``;
``min``/``max`` are 0/1); an input whose default and step are integers takes whole
numbers (``"int"``); any other is a ``"float"``.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .i18n import N_, translator

MSG_UNKNOWN = N_("{name} is not an input of this model.")
MSG_NOT_A_NUMBER = N_("{label}: {value} is not a number.")
MSG_NOT_A_WHOLE_NUMBER = N_("{label}: {value} is not a whole number.")
MSG_NOT_YES_NO = N_("{label}: {value} is neither yes nor no.")
MSG_BELOW_MIN = N_("{label}: {value} is below the minimum {min}.")
MSG_ABOVE_MAX = N_("{label}: {value} is above the maximum {max}.")
MSG_SUMMARY = N_("{n} inputs are not valid: {details}")
MSG_SUMMARY_ONE = N_("One input is not valid: {details}")
MSG_ROWS = N_("rows {rows}")
MSG_ILLUSTRATIVE = N_("illustrative")
MSG_YES = N_("yes")
MSG_NO = N_("no")

# column headers of InputSet.table
COL_NAME = N_("Input")
COL_LABEL = N_("Label")
COL_UNIT = N_("Unit")
COL_DEFAULT = N_("Default")
COL_MIN = N_("Minimum")
COL_MAX = N_("Maximum")
COL_STEP = N_("Step")
COL_SOURCE = N_("Source")
COL_HELP = N_("Help")
COL_GROUP = N_("Group")


class InputError(ValueError):
    """Invalid inputs. ``.problems`` is ``{name: translated message}``; ``str()`` is a
    translated summary of all of them (in the language asked for at validation)."""

    def __init__(self, problems: Mapping[str, str], lang: str | None = None):
        self.problems = dict(problems)
        self.lang = lang
        t = translator(lang)
        details = " ".join(self.problems.values())
        if len(self.problems) == 1:
            summary = t(MSG_SUMMARY_ONE, details=details)
        else:
            summary = t(MSG_SUMMARY, n=len(self.problems), details=details)
        super().__init__(summary)


@dataclass(frozen=True)
class InputSpec:
    """One declared input. ``label``, ``unit`` and ``help`` are English msgids."""

    name: str
    unit: str
    default: Any
    min: float
    max: float
    step: float
    label: str
    help: str
    source: str | None = None
    illustrative: bool = False
    group: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if not self.min <= self.default <= self.max:
            raise ValueError(f"default of {self.name} ({self.default}) outside [{self.min}, {self.max}]")
        if self.step <= 0:
            raise ValueError(f"step of {self.name} must be positive")

    @property
    def kind(self) -> str:
        """``"bool"``, ``"int"`` or ``"float"`` (see the module's docstring)."""
        if isinstance(self.default, bool):
            return "bool"
        if (isinstance(self.default, numbers.Integral) and float(self.step).is_integer()):
            return "int"
        return "float"

    def convert(self, value: Any, lang: str | None = None) -> Any:
        """``value`` as this input's kind, or :class:`ValueError` with a translated message."""
        t = translator(lang)
        label = t(self.label)
        kind = self.kind
        shown = repr(value) if isinstance(value, str) else str(value)
        if kind == "bool":
            if isinstance(value, (bool, np.bool_)):
                return bool(value)
            if isinstance(value, numbers.Number) and value in (0, 1):
                return bool(value)
            raise ValueError(t(MSG_NOT_YES_NO, label=label, value=shown))
        if isinstance(value, (bool, np.bool_)) or value is None:
            raise ValueError(t(MSG_NOT_A_NUMBER, label=label, value=shown))
        if isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                raise ValueError(t(MSG_NOT_A_NUMBER, label=label, value=shown)) from None
        elif isinstance(value, numbers.Real):
            number = float(value)
        else:
            raise ValueError(t(MSG_NOT_A_NUMBER, label=label, value=shown))
        if not math.isfinite(number):
            raise ValueError(t(MSG_NOT_A_NUMBER, label=label, value=shown))
        if kind == "int":
            if not number.is_integer():
                raise ValueError(t(MSG_NOT_A_WHOLE_NUMBER, label=label, value=shown))
            number = int(number)
        if number < self.min:
            raise ValueError(t(MSG_BELOW_MIN, label=label, value=self.format(number, lang),
                               min=self.format(self.min, lang)))
        if number > self.max:
            raise ValueError(t(MSG_ABOVE_MAX, label=label, value=self.format(number, lang),
                               max=self.format(self.max, lang)))
        return number

    def format(self, value: Any, lang: str | None = None) -> str:
        """The value with the locale's digits (a yes/no input as a translated yes/no)."""
        t = translator(lang)
        if self.kind == "bool":
            return t(MSG_YES) if value else t(MSG_NO)
        decimals = 0 if float(value).is_integer() else min(
            max(len(repr(float(self.step)).split(".")[-1].rstrip("0")), 1), 4)
        return t.number(float(value), decimals)


#: a cross-input check: (values, lang) -> {name: translated message}
Check = Callable[[dict, "str | None"], dict]


class InputSet:
    """The declared inputs of a model (order kept: the widgets show them in this order)."""

    def __init__(self, specs: Iterable[InputSpec], checks: Iterable[Check] = ()):
        self._specs = {}
        for spec in specs:
            if spec.name in self._specs:
                raise ValueError(f"input {spec.name} declared twice")
            self._specs[spec.name] = spec
        self.checks = tuple(checks)

    def __iter__(self):
        return iter(self._specs.values())

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    @property
    def names(self) -> list[str]:
        return list(self._specs)

    def spec(self, name: str) -> InputSpec:
        try:
            return self._specs[name]
        except KeyError:
            raise KeyError(name) from None

    def defaults(self) -> dict:
        return {name: spec.default for name, spec in self._specs.items()}

    def groups(self) -> dict[str | None, list[InputSpec]]:
        out: dict[str | None, list[InputSpec]] = {}
        for spec in self._specs.values():
            out.setdefault(spec.group, []).append(spec)
        return out

    def validate(self, values: Mapping[str, Any] | None = None, lang: str | None = None) -> dict:
        """Defaults completed with ``values``, each converted to its kind and checked
        against its range and the set's cross-input checks. Raises :class:`InputError`
        listing every problem at once (messages in ``lang``)."""
        t = translator(lang)
        values = dict(values or {})
        problems: dict[str, str] = {}
        out = self.defaults()
        for name, value in values.items():
            spec = self._specs.get(name)
            if spec is None:
                problems[name] = t(MSG_UNKNOWN, name=name)
                continue
            try:
                out[name] = spec.convert(value, lang)
            except ValueError as exc:
                problems[name] = str(exc)
        if not problems:
            for check in self.checks:
                problems.update(check(out, lang))
        if problems:
            raise InputError(problems, lang)
        return out

    def validate_frame(self, frame: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
        """A DataFrame of scenarios (one row each, columns = input names; missing columns
        take their default) checked column by column, vectorised. Returns a new frame with
        every input as a column, in declaration order; raises :class:`InputError` naming the
        rows of each problem."""
        t = translator(lang)
        problems: dict[str, str] = {}
        for name in frame.columns:
            if name not in self._specs:
                problems[str(name)] = t(MSG_UNKNOWN, name=name)
        out = {}
        n = len(frame)
        for name, spec in self._specs.items():
            if name not in frame.columns:
                out[name] = np.full(n, spec.default, dtype=bool if spec.kind == "bool" else float)
                continue
            column = frame[name]
            label = t(spec.label)
            if spec.kind == "bool":
                if pd.api.types.is_bool_dtype(column):
                    out[name] = column.to_numpy(dtype=bool)
                    continue
                numbers_ = pd.to_numeric(column, errors="coerce")
                bad = ~numbers_.isin([0, 1])
                if bad.any():
                    problems[name] = _rows_message(t, MSG_NOT_YES_NO, label, column, bad)
                else:
                    out[name] = numbers_.to_numpy(dtype=float) == 1
                continue
            if pd.api.types.is_bool_dtype(column):
                problems[name] = _rows_message(t, MSG_NOT_A_NUMBER, label, column,
                                               pd.Series(True, index=column.index))
                continue
            numbers_ = pd.to_numeric(column, errors="coerce").astype(float)
            bad = numbers_.isna() | ~np.isfinite(numbers_.fillna(0))
            if bad.any():
                problems[name] = _rows_message(t, MSG_NOT_A_NUMBER, label, column, bad)
                continue
            if spec.kind == "int":
                bad = numbers_ != np.floor(numbers_)
                if bad.any():
                    problems[name] = _rows_message(t, MSG_NOT_A_WHOLE_NUMBER, label, column, bad)
                    continue
            low, high = numbers_ < spec.min, numbers_ > spec.max
            if low.any():
                problems[name] = _rows_message(t, MSG_BELOW_MIN, label, numbers_, low,
                                               fmt=lambda v: spec.format(v, lang),
                                               min=spec.format(spec.min, lang))
            elif high.any():
                problems[name] = _rows_message(t, MSG_ABOVE_MAX, label, numbers_, high,
                                               fmt=lambda v: spec.format(v, lang),
                                               max=spec.format(spec.max, lang))
            else:
                out[name] = numbers_.to_numpy(dtype=float)
        if problems:
            raise InputError(problems, lang)
        return pd.DataFrame(out, index=frame.index)

    def table(self, lang: str | None = None) -> pd.DataFrame:
        """The declared inputs as a table for trainers and documentation (translated)."""
        t = translator(lang)
        rows = []
        for spec in self._specs.values():
            source = spec.source or ""
            if spec.illustrative:
                source = f"({t(MSG_ILLUSTRATIVE)}) {source}".strip()
            rows.append({
                t(COL_NAME): spec.name,
                t(COL_LABEL): t(spec.label),
                t(COL_UNIT): t(spec.unit),
                t(COL_DEFAULT): spec.format(spec.default, lang),
                t(COL_MIN): spec.format(spec.min, lang) if spec.kind != "bool" else "",
                t(COL_MAX): spec.format(spec.max, lang) if spec.kind != "bool" else "",
                t(COL_STEP): spec.format(spec.step, lang) if spec.kind != "bool" else "",
                t(COL_GROUP): t(spec.group) if spec.group else "",
                t(COL_SOURCE): source,
                t(COL_HELP): t(spec.help),
            })
        return pd.DataFrame(rows)


def _rows_message(t, msgid: str, label: str, column: pd.Series, bad: pd.Series,
                  fmt: Callable[[Any], str] = repr, **kwargs) -> str:
    """A range/type message for a frame column: the first bad value and the bad rows."""
    rows = [str(r) for r in column.index[bad.to_numpy()][:5]]
    extra = int(bad.sum()) - len(rows)
    first = fmt(column[bad].iloc[0])
    text = ", ".join(rows) + (f" (+{extra})" if extra > 0 else "")
    return f"{t(msgid, label=label, value=first, **kwargs)} ({t(MSG_ROWS, rows=text)})"


__all__ = ["InputError", "InputSet", "InputSpec", "N_"]
