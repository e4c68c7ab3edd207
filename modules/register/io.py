"""Reading a participant's register (CSV or Excel) and writing it back out.

``load_register`` accepts a path, bytes or a file-like object. Excel workbooks (.xlsx) are
recognised by their ZIP signature; anything else is read as CSV text (UTF-8, UTF-8 with BOM,
UTF-16 with BOM, or Windows-1252/Latin-1), with the delimiter (``;``, ``,``, tab, ``|``)
chosen as the one that makes the header row recognisable. Header names and values are
matched case-, accent- and space-insensitively against the declarations in
:mod:`modules.register.schema`.

Nothing here logs cell values: registers hold personal data.
"""
from __future__ import annotations

import csv
import io
import logging
import os
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import LANGUAGES, N_, Translator, translator
from .errors import RegisterError
from .masking import mask_workers
from .schema import (to_register_dates, BOOL_MAP, BY_NAME, COLUMNS, REQUIRED_COLUMNS, conform, header_keys, key,
                     key_series, provider_map, value_map)
from .validate import (ERROR, MSG_BAD_BOOL, MSG_BAD_DATE, MSG_BAD_NUMBER, MSG_UNKNOWN,
                       Problems, sort_problems, validate_register)

log = logging.getLogger(__name__)

MSG_EMPTY = N_("The file is empty. Choose a CSV or Excel (.xlsx) file with one row per worker.")
MSG_UNREADABLE = N_("This file is not a CSV or Excel (.xlsx) file the lab can read. In your "
                    "spreadsheet, use “Save as” CSV or Excel workbook (.xlsx) and try again.")
MSG_OLD_EXCEL = N_("This is an old Excel file (.xls). In Excel, use “Save as” Excel workbook "
                   "(.xlsx) or CSV and try again.")
MSG_NO_COLUMNS = N_("No column of this file looks like a worker register. The first row must "
                    "hold the column names, for example: {examples}. You can download the "
                    "register template and fill it in.")
MSG_NO_ROWS = N_("The file has column names but no workers. Add one row per worker under "
                 "the column names.")
MSG_MISSING_COLUMN = N_("This file has no column for {column}. Expected one of: {aliases}.")
MSG_NOT_FOUND = N_("The file {name} was not found.")
MSG_SHEET = N_("Workers")
YES, NO = N_("yes"), N_("no")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITERS = (";", ",", "\t", "|")
_HEADER_SEARCH_ROWS = 15


# --- header and value vocabularies (English msgids + every catalog's translations) ----------

@lru_cache(maxsize=None)
def _header_index() -> dict[str, str]:
    """Normalised header -> column name, over all languages' labels and the aliases."""
    index: dict[str, str] = {}
    for col in COLUMNS:
        labels = tuple(translator(lang)(col.label) for lang in LANGUAGES)
        for k in header_keys(col, labels):
            index.setdefault(k, col.name)
    return index


@lru_cache(maxsize=None)
def _value_maps() -> dict[str, dict[str, str]]:
    maps = {}
    for col in COLUMNS:
        if col.type == "choice":
            translations = {c.value: tuple(translator(lang)(c.label) for lang in LANGUAGES)
                            for c in col.choices}
            maps[col.name] = value_map(col, translations)
    return maps


@lru_cache(maxsize=None)
def _bool_map() -> dict[str, bool]:
    mapping = dict(BOOL_MAP)
    for lang in LANGUAGES:
        mapping.setdefault(key(translator(lang)(YES)), True)
        mapping.setdefault(key(translator(lang)(NO)), False)
    return mapping


# --- source -> bytes ------------------------------------------------------------------------

def _read_source(source, t: Translator) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise RegisterError(t(MSG_NOT_FOUND, name=path.name), MSG_NOT_FOUND)
        return path.read_bytes()
    if hasattr(source, "read"):
        data = source.read()
        if isinstance(data, str):
            return data.encode("utf-8")
        return bytes(data)
    raise TypeError(f"load_register: expected a path, bytes or a file object, "
                    f"got {type(source).__name__}")


# --- grids of cells ---------------------------------------------------------------------------

def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample
                   if (ord(ch) < 32 and ch not in "\t\r\n") or 0x7f <= ord(ch) < 0xa0)
    return controls > max(2, len(sample) // 100)


def _header_score(row: list[str]) -> int:
    index = _header_index()
    return len({index[k] for k in (key(c) for c in row) if k in index})


def _csv_rows(text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    for i, row in enumerate(reader):
        if limit is not None and i >= limit:
            break
        rows.append(row)
    return rows


def _read_csv(raw: bytes, t: Translator) -> tuple[list[list], str]:
    text = _decode(raw)
    if _looks_binary(text):
        raise RegisterError(t(MSG_UNREADABLE), MSG_UNREADABLE)
    if not text.strip():
        raise RegisterError(t(MSG_EMPTY), MSG_EMPTY)
    try:
        best, best_score = ",", -1
        for delimiter in _DELIMITERS:
            head = _csv_rows(text, delimiter, _HEADER_SEARCH_ROWS)
            score = max((_header_score(r) for r in head), default=0)
            if score > best_score:
                best, best_score = delimiter, score
        return _csv_rows(text, best), best
    except csv.Error as exc:
        log.info("register CSV not readable: %s", type(exc).__name__)
        raise RegisterError(t(MSG_UNREADABLE), MSG_UNREADABLE) from None


def read_grid(raw: bytes, t: Translator, header_score, error=RegisterError
              ) -> tuple[list[list[str]], bool]:
    """The cells of a CSV or XLSX file like the register's, for another table (a survey, a
    staff list): ``header_score(row)`` says how well a row looks like that table's header,
    which picks the CSV delimiter. Returns the grid and whether numbers use a decimal comma
    (semicolon CSV). Unreadable files raise ``error`` (a ``RegisterError`` subclass)."""
    if raw.startswith(_OLE_MAGIC):
        raise error(t(MSG_OLD_EXCEL), MSG_OLD_EXCEL)
    if raw.startswith(_ZIP_MAGIC):
        try:
            grid, _numeric = _read_xlsx(raw, t)
        except RegisterError as exc:
            raise error(str(exc), exc.msgid) from None
        return grid, False
    text = _decode(raw)
    if _looks_binary(text):
        raise error(t(MSG_UNREADABLE), MSG_UNREADABLE)
    try:
        best, best_score = ",", -1
        for delimiter in _DELIMITERS:
            score = max((header_score(r) for r in _csv_rows(text, delimiter, _HEADER_SEARCH_ROWS)),
                        default=0)
            if score > best_score:
                best, best_score = delimiter, score
        return _csv_rows(text, best), best == ";"
    except csv.Error:
        raise error(t(MSG_UNREADABLE), MSG_UNREADABLE) from None


def _cell_text(value) -> str:
    """An Excel cell as the text the CSV reader would see."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, time):
        return ""
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return str(value)


def _read_xlsx(raw: bytes, t: Translator) -> tuple[list[list], set]:
    try:
        sheets = pd.read_excel(io.BytesIO(raw), sheet_name=None, header=None, dtype=object,
                               engine="openpyxl", na_filter=False)
    except Exception as exc:  # corrupt zip, not a workbook, ...: the participant sees why
        log.info("register workbook not readable: %s", type(exc).__name__)
        raise RegisterError(t(MSG_UNREADABLE), MSG_UNREADABLE) from None
    best_grid, best_numeric, best_score = None, set(), -1
    for frame in sheets.values():
        values = frame.to_numpy(dtype=object).tolist() if len(frame) else []
        grid = [[_cell_text(v) for v in row] for row in values]
        numeric = {(i, j) for i, row in enumerate(values) for j, v in enumerate(row)
                   if isinstance(v, (int, float, np.integer, np.floating))
                   and not isinstance(v, (bool, np.bool_)) and not pd.isna(v)}
        score = max((_header_score(r) for r in grid[:_HEADER_SEARCH_ROWS]), default=0)
        if score > best_score:
            best_grid, best_numeric, best_score = grid, numeric, score
    if best_grid is None or not any(any(c.strip() for c in row) for row in best_grid):
        raise RegisterError(t(MSG_EMPTY), MSG_EMPTY)
    return best_grid, best_numeric


# --- grid -> raw text table -------------------------------------------------------------------

def _locate_header(grid: list[list[str]], t: Translator) -> tuple[int, dict[str, int]]:
    scores = [_header_score(r) for r in grid[:_HEADER_SEARCH_ROWS]]
    if not scores or max(scores) == 0:
        examples = ", ".join(["DNI", "nombres", "apellidos", "fecha_ingreso", "remuneracion"])
        raise RegisterError(t(MSG_NO_COLUMNS, examples=examples), MSG_NO_COLUMNS)
    header_row = scores.index(max(scores))
    index = _header_index()
    positions: dict[str, int] = {}
    for j, cell in enumerate(grid[header_row]):
        name = index.get(key(cell))
        if name and name not in positions:
            positions[name] = j
    return header_row, positions


def _missing_columns_message(missing: list[str], t: Translator) -> str:
    lines = []
    for name in missing:
        col = BY_NAME[name]
        shown: dict[str, str] = {}  # one spelling per normalised name
        for name in (t(col.label), *col.aliases):
            shown.setdefault(key(name), name)
        shown_names = list(shown.values())[:6]
        lines.append(t(MSG_MISSING_COLUMN, column=t(col.label), aliases=", ".join(shown_names)))
    return "\n".join(lines)


# --- value parsing (vectorised over a column) -------------------------------------------------

def _blank(s: pd.Series) -> pd.Series:
    return s.isna() | (s.str.strip() == "")


def parse_dates(s: pd.Series) -> pd.Series:
    """ISO (2025-03-15) or day/month/year (15/03/2025, 15-03-2025, 15.03.25) -> datetime64."""
    s = s.astype("str").str.strip()
    iso = s.str.extract(r"^(\d{4}-\d{1,2}-\d{1,2})(?:[ T].*)?$")[0]
    out = pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce")
    dmy = s.str.replace(r"[-.]", "/", regex=True)
    long = dmy.where(dmy.str.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}").fillna(False))
    short = dmy.where(dmy.str.fullmatch(r"\d{1,2}/\d{1,2}/\d{2}").fillna(False))
    out = out.fillna(pd.to_datetime(long, format="%d/%m/%Y", errors="coerce"))
    out = out.fillna(pd.to_datetime(short, format="%d/%m/%y", errors="coerce"))
    return to_register_dates(out)


def parse_numbers(s: pd.Series, decimal_comma: bool) -> pd.Series:
    """Amounts as written in Peru: ``1130.50``, ``1,130.50``, ``S/ 1 130``, and, when
    ``decimal_comma`` (semicolon files), ``1.130,50`` and ``1130,50``."""
    s = s.astype("str").str.strip()
    s = s.str.replace(r"(?i)^(s/\.?|pen)", "", regex=True)
    s = s.str.replace(r"[\s\u00a0\u202f']", "", regex=True)
    has_comma = s.str.contains(",", regex=False).fillna(False)
    has_dot = s.str.contains(".", regex=False).fillna(False)
    comma_last = s.str.rfind(",") > s.str.rfind(".")
    comma_thousands = s.str.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?").fillna(False)
    dot_thousands = s.str.fullmatch(r"-?\d{1,3}(\.\d{3})+").fillna(False)
    drop_dots = s.str.replace(".", "", regex=False)
    decimal_from_comma = drop_dots.str.replace(",", ".", regex=False)
    drop_commas = s.str.replace(",", "", regex=False)
    cleaned = np.select(
        [
            has_comma & has_dot & comma_last,  # 1.130,50
            has_comma & has_dot,  # 1,130.50
            has_comma & comma_thousands & (not decimal_comma),  # 1,130
            has_comma,  # 1130,50
            has_dot & dot_thousands & decimal_comma,  # 1.130 in a semicolon file
        ],
        [decimal_from_comma, drop_commas, drop_commas, decimal_from_comma, drop_dots],
        default=s,
    )
    return pd.to_numeric(pd.Series(cleaned, index=s.index, dtype="str"), errors="coerce"
                         ).astype("float64")


def _parse(raw: pd.DataFrame, numeric_ids: pd.Series | None, decimal_comma: bool,
           t: Translator) -> tuple[pd.DataFrame, Problems]:
    """Raw text table (canonical column names, some may be absent) -> canonical workers."""
    n = len(raw)
    index = raw.index
    problems = Problems(t)
    out: dict[str, pd.Series] = {}
    providers: dict[str, pd.Series] = {}
    for col in COLUMNS:
        if col.name in raw.columns:
            s = raw[col.name].astype("str").str.strip()
            s = s.where(~_blank(s), np.nan)
        else:
            s = pd.Series(np.nan, index=index, dtype="str")
        blank = s.isna()
        label = t(col.label)
        if col.type == "text":
            value = s
        elif col.type == "id":
            value = s.str.replace(r"\s+", "", regex=True).str.upper()
            if numeric_ids is not None:  # Excel dropped the leading zeros of a number
                pad = numeric_ids & value.str.fullmatch(r"\d{1,7}").fillna(False)
                value = value.where(~pad, value.str.zfill(8))
        elif col.type == "choice":
            keys = key_series(s)
            value = keys.map(_value_maps()[col.name]).astype("str")
            bad = ~blank & value.isna()
            allowed = ", ".join(t(c.label) for c in col.choices)
            problems.add(bad, col.name, ERROR, MSG_UNKNOWN, value=s, column=label,
                         allowed=allowed)
            pmap = provider_map(col)
            if pmap:
                providers[col.name] = keys.map(pmap).astype("str")
        elif col.type == "date":
            value = parse_dates(s)
            problems.add(~blank & value.isna(), col.name, ERROR, MSG_BAD_DATE, value=s)
        elif col.type in ("money", "number"):
            value = parse_numbers(s, decimal_comma)
            problems.add(~blank & value.isna(), col.name, ERROR, MSG_BAD_NUMBER, value=s)
        elif col.type == "bool":
            keys = key_series(s)
            words = keys.map(_bool_map()).astype("object")
            # a count ("2" children, or an allowance amount) means yes when above zero
            counts = pd.to_numeric(keys.where(keys.str.fullmatch(r"\d+").fillna(False)),
                                   errors="coerce")
            value = words.where(words.notna(), (counts > 0).where(counts.notna()))
            problems.add(~blank & value.isna(), col.name, ERROR, MSG_BAD_BOOL, value=s)
        else:  # pragma: no cover - schema types are closed
            raise AssertionError(col.type)
        if col.default is not None:
            # the default fills blank cells; an unreadable value stays empty (and reported),
            # except yes/no columns, which cannot be empty
            fill = value.isna() if col.type == "bool" else blank
            value = value.where(~fill, col.default)
        out[col.name] = value

    # a provider named in the method column ("Yape") fills an empty provider column
    out["payment_provider"] = out["payment_provider"].fillna(providers["payment_method"])
    out["afp_name"] = out["afp_name"].fillna(providers["pension_system"])
    # worker codes: numbered W001, W002... where the file has none
    generated = pd.Series([f"W{i:03d}" for i in range(1, n + 1)], index=index, dtype="str")
    out["worker_id"] = out["worker_id"].fillna(generated)

    workers = pd.DataFrame(
        {c.name: out[c.name].astype(c.dtype) for c in COLUMNS}, index=index)
    return workers, problems


def load_register(source, lang: str | None = None, today=None
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a register from a CSV or Excel file: ``(workers, problems)``.

    ``workers`` has the canonical columns (:data:`COLUMNS`) and dtypes, index 1..n. A value
    that cannot be read is left empty and reported in ``problems`` (row, field, severity,
    message in ``lang``) together with every validation problem; nothing else on the row is
    lost. A file that cannot be read at all raises :class:`RegisterError`.
    """
    t = translator(lang)
    raw_bytes = _read_source(source, t)
    if not raw_bytes.strip():
        raise RegisterError(t(MSG_EMPTY), MSG_EMPTY)
    numeric_cells: set = set()
    if raw_bytes.startswith(_OLE_MAGIC):
        raise RegisterError(t(MSG_OLD_EXCEL), MSG_OLD_EXCEL)
    if raw_bytes.startswith(_ZIP_MAGIC):
        grid, numeric_cells = _read_xlsx(raw_bytes, t)
        decimal_comma = False
    else:
        grid, delimiter = _read_csv(raw_bytes, t)
        decimal_comma = delimiter == ";"

    header_row, positions = _locate_header(grid, t)
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        raise RegisterError(_missing_columns_message(missing, t), MSG_MISSING_COLUMN,
                            columns=missing)

    body = [(i, row) for i, row in enumerate(grid[header_row + 1:], start=header_row + 1)
            if any((row[j].strip() if j < len(row) else "") for j in positions.values())]
    if not body:
        raise RegisterError(t(MSG_NO_ROWS), MSG_NO_ROWS)
    index = pd.RangeIndex(1, len(body) + 1)
    raw = pd.DataFrame(
        {name: pd.Series([row[j] if j < len(row) else "" for _, row in body], index=index,
                         dtype="str")
         for name, j in positions.items()},
        index=index)
    numeric_ids = None
    if numeric_cells and "id_number" in positions:
        j = positions["id_number"]
        numeric_ids = pd.Series([(i, j) in numeric_cells for i, _ in body], index=index)

    workers, parse_problems = _parse(raw, numeric_ids, decimal_comma, t)
    parsed = parse_problems.frame()
    checked = validate_register(workers, lang=t.lang, today=today)
    if len(parsed):
        # a cell that could not be read is reported once, not again as missing or incomplete
        seen = pd.MultiIndex.from_frame(parsed[["row", "field"]])
        repeat = pd.MultiIndex.from_frame(checked[["row", "field"]]).isin(seen)
        checked = checked[~repeat]
        problems = sort_problems(pd.concat([parsed, checked], ignore_index=True))
    else:
        problems = checked
    log.info("register loaded: %d workers, %d problems", len(workers), len(problems))
    return workers, problems


# --- exports ------------------------------------------------------------------------------------

def _export_frame(workers: pd.DataFrame, lang: str | None, mask: bool, for_excel: bool
                  ) -> pd.DataFrame:
    t = translator(lang)
    w = conform(workers)
    if mask:
        w = mask_workers(w)
    out = {}
    for col in COLUMNS:
        s = w[col.name]
        if col.type == "choice":
            labels = {c.value: t(c.label) for c in col.choices}
            s = s.map(labels).astype("str")
        elif col.type == "bool":
            s = s.map({True: t(YES), False: t(NO)}).astype("str")
        elif col.type == "date":
            if not for_excel:
                s = s.dt.strftime("%Y-%m-%d").astype("str")
        elif col.type in ("money", "number"):
            if not for_excel:
                s = s.map(lambda v: "" if pd.isna(v) else
                          (str(int(v)) if float(v).is_integer() else repr(float(v))))
        out[t(col.label)] = s
    return pd.DataFrame(out)


def to_csv_bytes(workers: pd.DataFrame, lang: str | None = None, mask: bool = True) -> bytes:
    """The register as CSV (UTF-8 with BOM, comma-separated, ISO dates, headers and values in
    ``lang``). Document and account numbers are masked unless ``mask=False``."""
    frame = _export_frame(workers, lang, mask, for_excel=False)
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(workers: pd.DataFrame, lang: str | None = None, mask: bool = True) -> bytes:
    """The register as an Excel workbook (one sheet, dates as Excel dates, document and
    account numbers as text). Masked unless ``mask=False``."""
    t = translator(lang)
    frame = _export_frame(workers, lang, mask, for_excel=True)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl", date_format="yyyy-mm-dd",
                        datetime_format="yyyy-mm-dd") as writer:
        sheet = t(MSG_SHEET)[:31]
        frame.to_excel(writer, index=False, sheet_name=sheet)
        ws = writer.sheets[sheet]
        text_columns = {t(BY_NAME[n].label) for n in ("id_number", "account_number")}
        for j, header in enumerate(frame.columns, start=1):
            letter = ws.cell(row=1, column=j).column_letter
            ws.column_dimensions[letter].width = max(10, min(40, len(str(header)) + 4))
            if header in text_columns:
                for cells in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cells[0].number_format = "@"
        ws.freeze_panes = "A2"
        never_formulas(ws)
    return buffer.getvalue()


def never_formulas(ws, min_row: int = 2) -> None:
    """Text typed by a participant is never a formula in a workbook we write (a name such as
    ``=HYPERLINK(...)`` stays text): openpyxl turns any string starting with "=" into one."""
    for cells in ws.iter_rows(min_row=min_row):
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"


__all__ = ["load_register", "never_formulas", "to_csv_bytes", "to_xlsx_bytes", "parse_dates",
           "parse_numbers"]
