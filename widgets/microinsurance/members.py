"""A participant's member table (CSV or Excel) read into the frame the model validates.

Reading the file reuses the register's reader (:func:`modules.register.io.read_grid`:
encodings, delimiters, Excel workbooks, clear messages for unreadable files). The header
row is the row that names most of the member columns, by the model's names
(``pay_per_sack``) or by their labels in any of the lab's languages (``Pago por saco``).
Rows are numbered as in the spreadsheet (the header is row 1 when it is the first row), so
that the model's messages ("rows 5, 9") point at the rows the participant sees.

Checking the values is the model's job (:func:`modules.microinsurance.validate_members`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from modules.i18n import LANGUAGES, N_, translator
from modules.inputs import InputError
from modules.microinsurance import MEMBER_INPUTS, POPULATION_INPUTS
from modules.register.io import _bool_map, parse_numbers, read_grid
from modules.register.schema import key

REQUIRED = ("pay_per_sack", "sacks_per_day", "days_per_month", "age")
NUMERIC = ("pay_per_sack", "sacks_per_day", "days_per_month", "age")
#: other columns of the bundled case, kept as text when present
EXTRA = ("member_id", "sex", "role", "union_member", "years_in_market", "health_cover")
HEADER_ROWS = 15
#: the smallest group the model simulates (``POPULATION_INPUTS``' minimum of dockers)
MIN_MEMBERS = int(POPULATION_INPUTS.spec("members").min)

MSG_NO_HEADER = N_("No column of this file looks like a member table. The first row must hold "
                   "the column names {columns}; download the template and fill it in.")
MSG_MISSING = N_("The member table needs the columns {columns}; download the template to see "
                 "them.")
MSG_NO_ROWS = N_("The file has column names but no dockers. Add one row per docker under the "
                 "column names.")
MSG_TOO_FEW = N_("The file has {n} dockers; the simulation needs a group of at least {min}.")


def _header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for spec in MEMBER_INPUTS:
        index[key(spec.name)] = spec.name
        for lang in LANGUAGES:
            index.setdefault(key(translator(lang)(spec.label)), spec.name)
    for name in EXTRA:
        index.setdefault(key(name), name)
    return index


def _score(row: list[str]) -> int:
    index = _header_index()
    return len({index[k] for k in (key(c) for c in row) if k in index})


def column_labels(lang: str | None) -> list[str]:
    """The member columns as a participant's template names them (translated labels)."""
    t = translator(lang)
    return [t(spec.label) for spec in MEMBER_INPUTS]


def read_members(raw: bytes, lang: str | None = None) -> pd.DataFrame:
    """The member table in ``raw`` (CSV or .xlsx) with the model's column names, numbers
    parsed (what cannot be read stays as written, for the model's message), ``enrolled``
    as 1/0 where it reads as yes/no; index = spreadsheet row numbers. Raises
    :class:`~modules.register.RegisterError` (unreadable file) or
    :class:`~modules.inputs.InputError` (no header, missing columns, no rows, fewer dockers
    than the model simulates: ``population_from_members`` would count a small table as
    the model's minimum group)."""
    t = translator(lang)
    grid, decimal_comma = read_grid(bytes(raw), t, _score)
    head = grid[:HEADER_ROWS]
    scores = [_score(r) for r in head]
    if not scores or max(scores) == 0:
        raise InputError({"population": t(MSG_NO_HEADER, columns=", ".join(column_labels(lang)))},
                         lang)
    h = scores.index(max(scores))
    index = _header_index()
    positions: dict[str, int] = {}
    for j, cell in enumerate(grid[h]):
        name = index.get(key(cell))
        if name and name not in positions:
            positions[name] = j
    missing = [t(MEMBER_INPUTS.spec(n).label) for n in REQUIRED if n not in positions]
    if missing:
        raise InputError({"population": t(MSG_MISSING, columns=", ".join(missing))}, lang)
    rows, numbers = [], []
    for i, row in enumerate(grid[h + 1:], start=h + 2):
        cells = [str(c).strip() for c in row]
        if not any(cells):
            continue
        rows.append({name: (cells[j] if j < len(cells) else "") for name, j in positions.items()})
        numbers.append(i)
    if not rows:
        raise InputError({"population": t(MSG_NO_ROWS)}, lang)
    if len(rows) < MIN_MEMBERS:
        raise InputError({"population": t(MSG_TOO_FEW, n=len(rows), min=MIN_MEMBERS)}, lang)
    frame = pd.DataFrame(rows, index=pd.Index(numbers, name="row"))
    for name in NUMERIC:
        text = frame[name].astype("str")
        parsed = parse_numbers(text, decimal_comma)
        frame[name] = parsed.astype(object).where(parsed.notna(), text)
    if "enrolled" in frame.columns:
        mapping = _bool_map()
        text = frame["enrolled"].astype("str")
        flags = text.map(lambda v: mapping.get(key(v)))
        frame["enrolled"] = np.where(flags.notna(), flags.map(lambda v: 1 if v else 0), text)
        frame["enrolled"] = frame["enrolled"].astype(object)
    return frame


def template_frame(members: pd.DataFrame, lang: str | None, rows: int = MIN_MEMBERS) -> pd.DataFrame:
    """The first ``rows`` dockers of ``members`` with the template's columns (translated
    labels; yes/no in the participant's language)."""
    t = translator(lang)
    out = pd.DataFrame(index=range(min(rows, len(members))))
    for spec in MEMBER_INPUTS:
        values = members[spec.name].iloc[:rows].to_numpy()
        if spec.kind == "bool":
            values = [t(N_("yes")) if bool(v) else t(N_("no")) for v in values]
        out[t(spec.label)] = values
    return out
