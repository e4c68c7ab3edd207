"""The staff table the gender-equality lab works on: schema, reader, checks.

One row per worker, index 1..n (the row a participant sees), columns :data:`STAFF_COLUMNS`:

====================  ==========================================================================
worker_id             the worker's code (never a document number)
sex                   ``"F"`` | ``"M"``
role                  job (operator, supervisor...): text
grade                 pay grade or level: text (``"1"``, ``"A"``, ``"senior"``...)
tenure_years          years with the enterprise (float, >= 0)
weekly_hours          contractual hours a week (float, > 0)
monthly_pay           gross monthly pay in rupiah (IDR, float, > 0)
trained_last_year     bool: took part in a training in the last 12 months
promoted_last_year    bool: promoted in the last 12 months
====================  ==========================================================================

Files are read with the register's readers (:mod:`modules.register.io`: encodings, Excel,
delimiters, yes/no words in every language); header names are matched in English, Spanish
and Bahasa Indonesia. A value that cannot be read is left empty and reported in ``problems``
(row, field, severity, message); the rest of the row is kept. The analyses use only the rows
with a sex and a positive pay and say how many they left out.

Nothing here logs cell values.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from modules.i18n import LANGUAGES, N_, Translator, translator
from modules.register.errors import RegisterError
from modules.register.io import (MSG_EMPTY, MSG_NO_ROWS, MSG_NOT_FOUND, MSG_OLD_EXCEL,
                                 MSG_UNREADABLE, _HEADER_SEARCH_ROWS, _bool_map, _read_source,
                                 parse_numbers, read_grid)
from modules.register.schema import key, key_series
from modules.register.validate import ERROR, WARNING, Problems, empty_problems

log = logging.getLogger(__name__)

#: the register's reader messages this module raises too (translated in the gender domain)
REUSED_MSGIDS = (MSG_EMPTY, MSG_NO_ROWS, MSG_NOT_FOUND, MSG_OLD_EXCEL, MSG_UNREADABLE)

DATASETS_DIR = Path(__file__).resolve().parents[2] / "datasets" / "staff"

SEXES = ("F", "M")
SEX_LABELS = {"F": N_("women"), "M": N_("men")}


class StaffError(RegisterError):
    """A file the lab cannot read as a staff table (message translated)."""


@dataclass(frozen=True)
class StaffColumn:
    name: str
    type: str  #: "text" | "sex" | "number" | "money" | "bool"
    label: str  #: English msgid
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
    def dtype(self) -> str:
        return {"number": "float64", "money": "float64", "bool": "bool"}.get(self.type, "str")


STAFF_COLUMNS: tuple[StaffColumn, ...] = (
    StaffColumn("worker_id", "text", N_("Worker code"),
                ("codigo", "código", "kode", "kode_pekerja", "no_pekerja", "nik_karyawan",
                 "worker", "id", "employee_id")),
    StaffColumn("sex", "sex", N_("Sex"),
                ("sexo", "genero", "género", "gender", "jenis_kelamin", "jenis kelamin", "jk"),
                required=True),
    StaffColumn("role", "text", N_("Role"),
                ("cargo", "puesto", "ocupacion", "jabatan", "posisi", "pekerjaan", "job",
                 "position", "occupation"), required=True),
    StaffColumn("grade", "text", N_("Grade"),
                ("nivel", "categoria", "grado", "golongan", "tingkat", "level", "pay grade")),
    StaffColumn("tenure_years", "number", N_("Years of service"),
                ("antiguedad", "años_servicio", "anos de servicio", "masa_kerja", "masa kerja",
                 "lama_bekerja", "tenure", "years")),
    StaffColumn("weekly_hours", "number", N_("Weekly hours"),
                ("horas_semanales", "horas", "jam_kerja", "jam kerja per minggu", "jam_per_minggu",
                 "hours", "hours per week")),
    StaffColumn("monthly_pay", "money", N_("Monthly pay (IDR)"),
                ("remuneracion", "sueldo", "salario", "gaji", "gaji_bulanan", "upah",
                 "upah_bulanan", "pay", "monthly pay", "wage", "salary"), required=True),
    StaffColumn("trained_last_year", "bool", N_("Trained in the last year"),
                ("capacitado", "capacitacion", "pelatihan", "ikut_pelatihan", "trained",
                 "training")),
    StaffColumn("promoted_last_year", "bool", N_("Promoted in the last year"),
                ("ascendido", "ascenso", "promosi", "naik_jabatan", "promoted", "promotion")),
)
STAFF_COLUMN_NAMES = tuple(c.name for c in STAFF_COLUMNS)
_BY_NAME = {c.name: c for c in STAFF_COLUMNS}

_SEX_SPELLINGS = {
    "F": ("f", "female", "woman", "women", "w", "mujer", "femenino", "fem", "perempuan",
          "wanita", "p"),
    "M": ("m", "male", "man", "men", "hombre", "masculino", "masc", "h", "varon", "varón",
          "laki-laki", "laki laki", "lakilaki", "pria", "l"),
}

MSG_NO_STAFF_COLUMNS = N_("No column of this file looks like a staff table. The first row must "
                          "hold the column names: {columns}.")
MSG_MISSING_COLUMN = N_("This file has no column for {column}: the lab needs it to compare "
                        "women's and men's pay.")
MSG_MISSING_VALUE = N_("{column} is missing: this row is left out of the analysis.")
MSG_BAD_SEX = N_('"{value}" is not a sex the lab knows. Write F (woman) or M (man).')
MSG_BAD_NUMBER = N_('Cannot read the number "{value}". Write only the number, e.g. 4500000.')
MSG_BAD_YES_NO = N_('Cannot read "{value}" as yes or no.')
MSG_NOT_POSITIVE = N_("{column} must be more than zero: this row is left out of the analysis.")
MSG_NEGATIVE = N_("{column} cannot be negative.")
MSG_LONG_HOURS = N_("{value} hours a week is more than the law allows with overtime: check it.")
MSG_DUP_CODE = N_("The worker code {value} appears more than once.")

#: the roles of the bundled case studies (``datasets/staff``), shown translated; roles of a
#: participant's own file are shown as written
ROLE_LABELS = {
    "sewing operator": N_("sewing operator"),
    "cutter": N_("cutter"),
    "quality checker": N_("quality checker"),
    "mechanic": N_("mechanic"),
    "line supervisor": N_("line supervisor"),
    "admin": N_("administration"),
    "manager": N_("manager"),
    "carpenter": N_("carpenter"),
    "carver": N_("carver"),
    "finishing": N_("finishing"),
    "helper": N_("helper"),
    "owner-manager": N_("owner-manager"),
    "packer": N_("packer"),
    "processing operator": N_("processing operator"),
    "warehouse and driver": N_("warehouse and driver"),
    "quality and hygiene": N_("quality and hygiene"),
    "supervisor": N_("supervisor"),
}
GRADE_LABEL = N_("Grade {grade}")


def role_label(value, lang: str | None = None) -> str:
    """A role as the participant reads it: a bundled case study's role translated, any other
    role as written."""
    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    msgid = ROLE_LABELS.get(text.strip().lower())
    return translator(lang)(msgid) if msgid else text


def level_label(value, by: str = "grade", lang: str | None = None) -> str:
    """A level of :func:`~modules.gender.representation` as the participant reads it: a grade
    written as a number -> "Grade 2" ("Golongan 2"); a role -> :func:`role_label`; anything
    else (the "All staff" row, a grade such as "senior") as it is."""
    text = "" if value is None else str(value)
    if by == "grade":
        return translator(lang)(GRADE_LABEL, grade=text) if text.strip().isdigit() else text
    return role_label(text, lang)


#: Indonesian law: 40 normal hours a week (UU 13/2003 art. 77, kept by UU 6/2023) plus at most
#: 18 hours of overtime a week (PP 35/2021 art. 26) -> 58 hours.
MAX_WEEKLY_HOURS = 58.0


# --- header and value vocabularies ------------------------------------------------------------

@lru_cache(maxsize=None)
def _header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for col in STAFF_COLUMNS:
        names = {col.name, *col.aliases, *(translator(lang)(col.label) for lang in LANGUAGES)}
        for name in names:
            if key(name):
                index.setdefault(key(name), col.name)
    return index


@lru_cache(maxsize=None)
def _sex_map() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value, spellings in _SEX_SPELLINGS.items():
        translated = tuple(translator(lang)(SEX_LABELS[value]) for lang in LANGUAGES)
        for spelling in (*spellings, *translated):
            if key(spelling):
                mapping.setdefault(key(spelling), value)
    return mapping


@lru_cache(maxsize=None)
def _yes_no() -> dict[str, bool]:
    """The register's yes/no words plus Bahasa Indonesia's."""
    mapping = dict(_bool_map())
    for word, value in (("ya", True), ("iya", True), ("tidak", False), ("tdk", False),
                        ("belum", False), ("sudah", True)):
        mapping.setdefault(key(word), value)
    return mapping


def _score(row: list[str]) -> int:
    index = _header_index()
    return len({index[k] for k in (key(c) for c in row) if k in index})


def _grid(raw: bytes, t: Translator) -> tuple[list[list[str]], bool]:
    """Cells of the file and whether numbers use a decimal comma (the register's reader)."""
    return read_grid(raw, t, _score, StaffError)


def parse_rupiah(s: pd.Series) -> pd.Series:
    """Rupiah amounts as written in Indonesia or abroad: ``4500000``, ``Rp4.500.000``,
    ``4.500.000,00``, ``4,500,000``, ``IDR 4 500 000`` -> float (vectorised)."""
    s = s.astype("str").str.strip()
    s = s.str.replace(r"(?i)^(rp\.?|idr)", "", regex=True)
    s = s.str.replace(r"[\s\u00a0\u202f']", "", regex=True)
    comma_thousands = s.str.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?").fillna(False)
    s = s.where(~comma_thousands, s.str.replace(",", "", regex=False))
    return parse_numbers(s, decimal_comma=True)


# --- tables -----------------------------------------------------------------------------------

def empty_staff() -> pd.DataFrame:
    """A staff table with no rows: the canonical columns and dtypes, index starting at 1."""
    return conform_staff(pd.DataFrame({name: [] for name in STAFF_COLUMN_NAMES}))


def conform_staff(frame: pd.DataFrame) -> pd.DataFrame:
    """Any DataFrame with (some of) the staff columns -> the canonical columns and dtypes.

    Missing columns are added (tenure and hours empty, yes/no columns ``False``); sex is
    normalised to ``"F"``/``"M"`` (other spellings such as ``"perempuan"`` are understood;
    unknown values become empty). The index is kept.
    """
    out = {}
    n = len(frame)
    for col in STAFF_COLUMNS:
        s = frame[col.name] if col.name in frame.columns else pd.Series(
            [None] * n, index=frame.index, dtype=object)
        if col.type == "bool":
            if not pd.api.types.is_bool_dtype(s):
                numbers = pd.to_numeric(s, errors="coerce")
                words = key_series(s.astype(object).where(s.notna(), None).astype("str")
                                   ).map(_yes_no())
                s = words.where(words.notna(), numbers.fillna(0) != 0)
            s = s.astype(bool)
        elif col.type in ("number", "money"):
            s = pd.to_numeric(s, errors="coerce").astype("float64")
        elif col.type == "sex":
            s = key_series(s.astype(object).where(s.notna(), None).astype("str")).map(
                _sex_map()).astype("str")
        else:
            s = s.astype(object).where(s.notna(), None).astype("str")
        out[col.name] = s
    result = pd.DataFrame(out, index=frame.index)
    if not n:
        result.index = pd.RangeIndex(1, 1)
    return result


def load_staff(source, lang: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a staff table from a CSV or Excel file (path, bytes or file-like):
    ``(staff, problems)``.

    ``staff`` has the columns :data:`STAFF_COLUMN_NAMES`, index 1..n. ``problems`` has the
    register's columns (row, field, severity, message in ``lang``). A file that cannot be
    read at all raises :class:`StaffError` (a ``RegisterError``, message translated).
    """
    t = translator(lang)
    try:
        raw_bytes = _read_source(source, t)
    except RegisterError as exc:
        raise StaffError(str(exc), exc.msgid) from None
    if not raw_bytes.strip():
        raise StaffError(t(MSG_EMPTY), MSG_EMPTY)
    grid, decimal_comma = _grid(raw_bytes, t)
    scores = [_score(r) for r in grid[:_HEADER_SEARCH_ROWS]]
    if not scores or max(scores) == 0:
        names = ", ".join(t(c.label) for c in STAFF_COLUMNS)
        raise StaffError(t(MSG_NO_STAFF_COLUMNS, columns=names), MSG_NO_STAFF_COLUMNS)
    header_row = scores.index(max(scores))
    positions: dict[str, int] = {}
    for j, cell in enumerate(grid[header_row]):
        name = _header_index().get(key(cell))
        if name and name not in positions:
            positions[name] = j
    missing = [c for c in STAFF_COLUMNS if c.required and c.name not in positions]
    if missing:
        raise StaffError(t(MSG_MISSING_COLUMN, column=t(missing[0].label)), MSG_MISSING_COLUMN,
                         columns=[c.name for c in missing])
    body = [row for row in grid[header_row + 1:]
            if any((row[j].strip() if j < len(row) else "") for j in positions.values())]
    if not body:
        raise StaffError(t(MSG_NO_ROWS), MSG_NO_ROWS)
    index = pd.RangeIndex(1, len(body) + 1)
    raw = pd.DataFrame({name: pd.Series([row[j] if j < len(row) else "" for row in body],
                                        index=index, dtype="str")
                        for name, j in positions.items()}, index=index)
    staff, problems = _parse(raw, decimal_comma, t)
    log.info("staff table loaded: %d rows, %d problems", len(staff), len(problems))
    return staff, problems


def _parse(raw: pd.DataFrame, decimal_comma: bool, t: Translator
           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    index = raw.index
    problems = Problems(t)
    out: dict[str, pd.Series] = {}
    for col in STAFF_COLUMNS:
        if col.name in raw.columns:
            s = raw[col.name].astype("str").str.strip()
            s = s.where(s != "", np.nan)
        else:
            s = pd.Series(np.nan, index=index, dtype="str")
        blank = s.isna()
        label = t(col.label)
        if col.type == "text":
            value = s
        elif col.type == "sex":
            value = key_series(s).map(_sex_map()).astype("str")
            problems.add(~blank & value.isna(), col.name, ERROR, MSG_BAD_SEX, value=s)
        elif col.type == "bool":
            value = key_series(s).map(_yes_no()).astype("object")
            problems.add(~blank & value.isna(), col.name, ERROR, MSG_BAD_YES_NO, value=s)
            value = value.where(value.notna(), False).astype(bool)
        else:
            value = (parse_rupiah(s) if col.type == "money"
                     else parse_numbers(s, decimal_comma))
            problems.add(~blank & value.isna(), col.name, ERROR, MSG_BAD_NUMBER, value=s)
        if col.required:
            problems.add(blank, col.name, ERROR, MSG_MISSING_VALUE, column=label)
        out[col.name] = value
    staff = conform_staff(pd.DataFrame(out, index=index))
    frame = problems.frame()
    checked = check_staff(staff, t.lang, required=False)
    frame = pd.concat([frame, checked], ignore_index=True) if len(checked) else frame
    if len(frame):
        order = {name: i for i, name in enumerate(STAFF_COLUMN_NAMES)}
        frame = (frame.assign(_c=frame["field"].map(order), _s=frame["severity"] != ERROR)
                 .sort_values(["row", "_c", "_s"], kind="stable")
                 .drop(columns=["_c", "_s"]).reset_index(drop=True))
    else:
        frame = empty_problems()
    return staff, frame


def _label(t: Translator, name: str) -> str:
    label = _BY_NAME[name].label
    return t(label)


def check_staff(staff: pd.DataFrame, lang: str | None = None, required: bool = True
                ) -> pd.DataFrame:
    """Problems of a staff table already in memory (row, field, severity, message), vectorised.

    ``required`` also reports empty sex, role and pay (the file reader reports those itself).
    """
    t = translator(lang)
    s = conform_staff(staff)
    problems = Problems(t)
    if required:
        for name in ("sex", "role", "monthly_pay"):
            problems.add(s[name].isna(), name, ERROR, MSG_MISSING_VALUE,
                         column=_label(t, name))
    problems.add(s["monthly_pay"] <= 0, "monthly_pay", ERROR, MSG_NOT_POSITIVE,
                 column=_label(t, "monthly_pay"))
    problems.add(s["weekly_hours"] <= 0, "weekly_hours", ERROR, MSG_NOT_POSITIVE,
                 column=_label(t, "weekly_hours"))
    problems.add(s["weekly_hours"] > MAX_WEEKLY_HOURS, "weekly_hours", WARNING, MSG_LONG_HOURS,
                 value=s["weekly_hours"].map(lambda v: t.number(v)))
    problems.add(s["tenure_years"] < 0, "tenure_years", ERROR, MSG_NEGATIVE,
                 column=_label(t, "tenure_years"))
    ids = s["worker_id"]
    problems.add(ids.notna() & ids.duplicated(keep=False), "worker_id", WARNING, MSG_DUP_CODE,
                 value=ids)
    return problems.frame()


def usable(staff: pd.DataFrame) -> pd.Series:
    """Rows the analyses can use: a sex, a role and a positive pay (bool mask)."""
    s = conform_staff(staff)
    return (s["sex"].isin(SEXES) & s["role"].notna()
            & (s["monthly_pay"] > 0).fillna(False).astype(bool))


def staff_case_studies() -> list[str]:
    """Bundled synthetic staff tables (``datasets/staff/id_*.csv``), by id."""
    return sorted(p.stem for p in DATASETS_DIR.glob("id_*.csv"))


MANIFEST = DATASETS_DIR / "manifest.yaml"


def _manifest_text(value, lang: str) -> str:
    """A manifest field ``{en: ..., id: ..., es: ...}`` in ``lang`` (English fallback)."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


@lru_cache(maxsize=4)
def _manifest(mtime: float) -> dict:
    import yaml

    with MANIFEST.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def staff_cases(lang: str | None = None) -> pd.DataFrame:
    """The bundled staff tables as the lab lists them, in ``lang``: ``id``, ``title``,
    ``description``, ``learning_points`` (list of texts), ``workers``, ``region``,
    ``synthetic`` (from ``datasets/staff/manifest.yaml``; only entries whose file exists)."""
    code = translator(lang).lang
    rows = []
    for entry in _manifest(MANIFEST.stat().st_mtime).get("staff_tables") or []:
        if not (DATASETS_DIR / entry["file"]).is_file():
            continue
        rows.append({
            "id": entry["id"], "title": _manifest_text(entry.get("title"), code),
            "description": _manifest_text(entry.get("description"), code),
            "learning_points": [_manifest_text(p, code)
                                for p in entry.get("learning_points") or []],
            "workers": int(entry.get("workers") or 0), "region": str(entry.get("region") or ""),
            "synthetic": bool(entry.get("synthetic", False)),
        })
    return pd.DataFrame(rows, columns=["id", "title", "description", "learning_points",
                                       "workers", "region", "synthetic"])


def load_staff_case(case_id: str, lang: str | None = None) -> pd.DataFrame:
    """A bundled staff table (e.g. ``"id_garment"``) as a canonical DataFrame."""
    path = DATASETS_DIR / f"{case_id}.csv"
    staff, _problems = load_staff(path, lang)
    return staff
