"""The worker-readiness survey: who is ready to be paid digitally, who needs support first.

One row per worker (keyed by the register's ``worker_id``), columns :data:`SURVEY_COLUMNS`:

=========================  ====================================================================
worker_id                  the worker's code in the register (never a document number)
has_phone                  bool: the worker has a mobile phone of their own
has_smartphone             bool: a smartphone (needed for Yape/Plin apps)
has_account                bool: a bank account or e-wallet in the worker's name
account_type               ``none`` | ``bank`` | ``ewallet`` | ``both``
distance_to_cashout_km     float: distance from home or work to the nearest agent/ATM
preference                 ``cash`` | ``bank`` | ``ewallet``: how the worker would like to be paid
needs_support              bool: the worker asked for help (opening an account, using the app...)
notes                      free text (no document, account or phone numbers)
=========================  ====================================================================

Files are read with the register's readers (:mod:`modules.register.io`: encodings, Excel,
number formats, yes/no words in every language); a value that cannot be read is reported in
``problems`` (row, field, severity, message) and the rest of the row is kept.

``classify`` and ``rollout_order`` follow the RISE / HERproject Digital Wages Toolkit
(dwt.riseequal.org): move over four paydays (25 % -> 50 % -> 75 % -> 100 %), the most
vulnerable workers last, with support first. Every rule is a vectorised mask over the survey.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from modules.i18n import LANGUAGES, N_, Translator, translator
from modules.register.errors import RegisterError
from modules.register.io import (MSG_EMPTY, MSG_NO_ROWS, _HEADER_SEARCH_ROWS, _bool_map,
                                 _read_source, parse_numbers, read_grid)
from modules.register.schema import key, key_series
from modules.register.validate import (ERROR, MSG_BAD_BOOL, MSG_BAD_NUMBER, MSG_MISSING,
                                       MSG_UNKNOWN, WARNING, Problems, empty_problems)

log = logging.getLogger(__name__)

#: Default reach of a cash-out point (agent, ATM, branch), km from home or work.
#: illustrative: true — about an hour's walk there and back; a trainer adapts it to the region.
DEFAULT_CASH_OUT_KM = 5.0

STATUSES = ("ready", "needs_support", "not_ready")
STATUS_LABELS = {
    "ready": N_("Ready"),
    "needs_support": N_("Needs support"),
    "not_ready": N_("Not ready yet"),
}


class SurveyError(RegisterError):
    """A file the lab cannot read as a worker-readiness survey (message translated)."""


@dataclass(frozen=True)
class SurveyColumn:
    name: str
    type: str  #: "text" | "bool" | "choice" | "number"
    label: str  #: English msgid
    aliases: tuple[str, ...] = ()
    #: choice columns: canonical value -> (label msgid, other spellings)
    choices: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    required: bool = False


SURVEY_COLUMNS: tuple[SurveyColumn, ...] = (
    SurveyColumn("worker_id", "text", N_("Worker code"),
                 ("codigo", "código", "codigo_trabajador", "worker", "worker code", "id"),
                 required=True),
    SurveyColumn("has_phone", "bool", N_("Has a mobile phone"),
                 ("tiene_celular", "celular", "tiene celular", "telefono", "phone", "has phone")),
    SurveyColumn("has_smartphone", "bool", N_("Has a smartphone"),
                 ("tiene_smartphone", "smartphone", "telefono inteligente", "has smartphone")),
    SurveyColumn("has_account", "bool", N_("Has an account or e-wallet"),
                 ("tiene_cuenta", "cuenta", "tiene cuenta", "account", "has account")),
    SurveyColumn("account_type", "choice", N_("Account type"),
                 ("tipo_cuenta", "tipo de cuenta", "account type"),
                 choices=(("none", N_("none"), ("ninguna", "ninguno", "no", "sin cuenta", "-")),
                          ("bank", N_("bank"), ("banco", "cuenta bancaria", "caja",
                                                "bank account")),
                          ("ewallet", N_("e-wallet"), ("billetera", "billetera digital", "yape",
                                                       "plin", "wallet")),
                          ("both", N_("both"), ("ambas", "ambos", "banco y billetera")))),
    SurveyColumn("distance_to_cashout_km", "number", N_("Distance to a cash-out point (km)"),
                 ("distancia_km", "distancia", "distancia a punto de retiro",
                  "distancia_agente_km", "distance", "distance km")),
    SurveyColumn("preference", "choice", N_("Preferred way to be paid"),
                 ("preferencia", "prefiere", "medio preferido", "preferred"),
                 choices=(("cash", N_("cash"), ("efectivo", "en efectivo")),
                          ("bank", N_("bank"), ("banco", "cuenta", "cuenta bancaria",
                                                "bank account", "deposito")),
                          ("ewallet", N_("e-wallet"), ("billetera", "billetera digital", "yape",
                                                       "plin", "wallet")))),
    SurveyColumn("needs_support", "bool", N_("Needs support"),
                 ("necesita_apoyo", "necesita apoyo", "apoyo", "support")),
    SurveyColumn("notes", "text", N_("Notes"), ("notas", "observaciones", "comentarios",
                                                "comments")),
)
SURVEY_COLUMN_NAMES = tuple(c.name for c in SURVEY_COLUMNS)
_BY_NAME = {c.name: c for c in SURVEY_COLUMNS}
_ASKED = ("has_phone", "has_smartphone", "has_account")  # a blank answer is reported

MSG_NO_SURVEY_COLUMNS = N_("No column of this file looks like a readiness survey. The first "
                           "row must hold the column names: {columns}. You can download the "
                           "survey template and fill it in.")
MSG_NO_WORKER_COLUMN = N_("This file has no column for the worker code ({column}): the lab "
                          "needs it to match each answer with the register.")
MSG_BLANK_ANSWER = N_("No answer for “{column}”: counted as no. Ask the worker.")
MSG_NEGATIVE_DISTANCE = N_("The distance cannot be negative.")
MSG_NO_DISTANCE = N_("The distance to a cash-out point is missing: ask the worker.")
MSG_NO_PREFERENCE = N_("The preferred way to be paid is missing: ask the worker.")
MSG_SMARTPHONE_NO_PHONE = N_("The worker has a smartphone but “Has a mobile phone” says no: "
                             "check the answers.")
MSG_TYPE_NO_ACCOUNT = N_("An account type is given but “Has an account or e-wallet” says no: "
                         "check the answers.")
MSG_DUP_CODE = N_("The worker code {value} appears more than once (rows {rows}).")
MSG_NOT_IN_REGISTER = N_("The worker code {value} is not in the register: check the code.")
MSG_BAD_WAVES = N_("The rollout shares must increase and end at 100 %, e.g. 25 %, 50 %, "
                   "75 %, 100 %.")

#: reasons behind a status or a rollout position: (code, msgid), most serious first
REASONS: tuple[tuple[str, str], ...] = (
    ("no_phone", N_("no mobile phone")),
    ("far", N_("cash-out point farther than {km} km")),
    ("needs_support", N_("asked for support")),
    ("prefers_cash", N_("prefers to be paid in cash")),
    ("no_account", N_("no bank account or e-wallet yet")),
    ("ewallet_no_smartphone", N_("prefers an e-wallet but has no smartphone")),
    ("distance_unknown", N_("distance to a cash-out point not recorded")),
    ("preference_unknown", N_("preferred way to be paid not recorded")),
)
MSG_READY = N_("has a phone, an account and a cash-out point within reach")

#: rollout: the higher the weight, the later the wave (powers of two: a worker without a
#: phone always goes after one who is only far from a cash-out point, and so on)
ROLLOUT_WEIGHTS = {"no_phone": 16, "far": 8, "needs_support": 4, "prefers_cash": 2,
                   "no_account": 1, "ewallet_no_smartphone": 1}


# --- header and value vocabularies ------------------------------------------------------------

@lru_cache(maxsize=None)
def _header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for col in SURVEY_COLUMNS:
        names = {col.name, *col.aliases,
                 *(translator(lang)(col.label) for lang in LANGUAGES)}
        for name in names:
            if key(name):
                index.setdefault(key(name), col.name)
    return index


@lru_cache(maxsize=None)
def _choice_map(name: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value, label, aliases in _BY_NAME[name].choices:
        for spelling in (value, label, *aliases,
                         *(translator(lang)(label) for lang in LANGUAGES)):
            if key(spelling):
                mapping.setdefault(key(spelling), value)
    return mapping


def _score(row: list[str]) -> int:
    index = _header_index()
    return len({index[k] for k in (key(c) for c in row) if k in index})


# --- file -> grid of cells (the register's readers) ----------------------------------------

def _grid(raw: bytes, t: Translator) -> tuple[list[list[str]], bool]:
    """Cells of the file and whether numbers use a decimal comma (the register's reader)."""
    return read_grid(raw, t, _score, SurveyError)


def empty_survey() -> pd.DataFrame:
    """A survey with no rows: the canonical columns and dtypes, index starting at 1."""
    return _conform(pd.DataFrame({name: [] for name in SURVEY_COLUMN_NAMES}))


def _conform(frame: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for col in SURVEY_COLUMNS:
        s = frame[col.name] if col.name in frame.columns else pd.Series(
            [None] * len(frame), index=frame.index, dtype=object)
        if col.type == "bool":
            s = s.astype(object).where(s.notna(), False).astype(bool)
        elif col.type == "number":
            s = pd.to_numeric(s, errors="coerce").astype("float64")
        else:
            s = s.astype(object).where(s.notna(), None).astype("str")
        out[col.name] = s
    result = pd.DataFrame(out, index=frame.index)
    if not len(result):
        result.index = pd.RangeIndex(1, 1)
    return result


def load_survey(source, lang: str | None = None, workers: pd.DataFrame | None = None
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a readiness survey from CSV or Excel: ``(survey, problems)``.

    ``survey`` has the columns :data:`SURVEY_COLUMN_NAMES`, index 1..n (the row a participant
    sees). ``problems`` has the register's columns (row, field, severity, message in
    ``lang``). With ``workers`` (the register), codes that are not in it are reported.
    A file that cannot be read at all raises :class:`SurveyError` (a ``RegisterError``).
    """
    t = translator(lang)
    raw_bytes = _read_source(source, t)
    if not raw_bytes.strip():
        raise SurveyError(t(MSG_EMPTY), MSG_EMPTY)
    grid, decimal_comma = _grid(raw_bytes, t)
    scores = [_score(r) for r in grid[:_HEADER_SEARCH_ROWS]]
    names = ", ".join(t(c.label) for c in SURVEY_COLUMNS)
    if not scores or max(scores) == 0:
        raise SurveyError(t(MSG_NO_SURVEY_COLUMNS, columns=names), MSG_NO_SURVEY_COLUMNS)
    header_row = scores.index(max(scores))
    positions: dict[str, int] = {}
    for j, cell in enumerate(grid[header_row]):
        name = _header_index().get(key(cell))
        if name and name not in positions:
            positions[name] = j
    if "worker_id" not in positions:
        code_label = _BY_NAME["worker_id"].label
        raise SurveyError(t(MSG_NO_WORKER_COLUMN, column=t(code_label)), MSG_NO_WORKER_COLUMN)
    body = [row for row in grid[header_row + 1:]
            if any((row[j].strip() if j < len(row) else "") for j in positions.values())]
    if not body:
        raise SurveyError(t(MSG_NO_ROWS), MSG_NO_ROWS)
    index = pd.RangeIndex(1, len(body) + 1)
    raw = pd.DataFrame({name: pd.Series([row[j] if j < len(row) else "" for row in body],
                                        index=index, dtype="str")
                        for name, j in positions.items()}, index=index)
    survey, problems = _parse(raw, decimal_comma, t, workers)
    log.info("survey loaded: %d rows, %d problems", len(survey), len(problems))
    return survey, problems


def _parse(raw: pd.DataFrame, decimal_comma: bool, t: Translator,
           workers: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    index = raw.index
    problems = Problems(t)
    out: dict[str, pd.Series] = {}
    blanks: dict[str, pd.Series] = {}
    for col in SURVEY_COLUMNS:
        if col.name in raw.columns:
            s = raw[col.name].astype("str").str.strip()
            s = s.where(s != "", np.nan)
        else:
            s = pd.Series(np.nan, index=index, dtype="str")
        blank = s.isna()
        blanks[col.name] = blank
        label = t(col.label)
        if col.type == "text":
            value = s
        elif col.type == "bool":
            value = key_series(s).map(_bool_map()).astype("object")
            problems.add(~blank & value.isna(), col.name, ERROR, MSG_BAD_BOOL, value=s)
            if col.name in _ASKED and col.name in raw.columns:
                problems.add(blank, col.name, WARNING, MSG_BLANK_ANSWER, column=label)
            value = value.where(value.notna(), False).astype(bool)
        elif col.type == "choice":
            value = key_series(s).map(_choice_map(col.name)).astype("str")
            allowed = ", ".join(t(label_) for _, label_, _ in col.choices)
            problems.add(~blank & value.isna(), col.name, ERROR, MSG_UNKNOWN, value=s,
                         column=label, allowed=allowed)
        else:  # number
            value = parse_numbers(s, decimal_comma)
            problems.add(~blank & value.isna(), col.name, ERROR, MSG_BAD_NUMBER, value=s)
            problems.add(value < 0, col.name, ERROR, MSG_NEGATIVE_DISTANCE)
            value = value.where(~(value < 0), np.nan)
        out[col.name] = value

    ids = out["worker_id"]
    code_label = _BY_NAME["worker_id"].label
    problems.add(ids.isna(), "worker_id", ERROR, MSG_MISSING, column=t(code_label))
    dup = ids.notna() & ids.duplicated(keep=False)
    if dup.any():
        rows = ids[dup].groupby(ids[dup]).transform(
            lambda g: ", ".join(str(i) for i in g.index))
        problems.add(dup, "worker_id", ERROR, MSG_DUP_CODE, value=ids, rows=rows)
    if workers is not None and "worker_id" in workers.columns:
        unknown = ids.notna() & ~ids.isin(workers["worker_id"].astype("str"))
        problems.add(unknown, "worker_id", WARNING, MSG_NOT_IN_REGISTER, value=ids)
    # an account type left blank is "none" when the worker has no account
    out["account_type"] = out["account_type"].where(
        out["account_type"].notna() | out["has_account"], "none")
    problems.add(out["distance_to_cashout_km"].isna() & blanks["distance_to_cashout_km"],
                 "distance_to_cashout_km", WARNING, MSG_NO_DISTANCE)
    problems.add(blanks["preference"], "preference", WARNING, MSG_NO_PREFERENCE)
    problems.add(out["has_smartphone"] & ~out["has_phone"], "has_smartphone", WARNING,
                 MSG_SMARTPHONE_NO_PHONE)
    problems.add(out["account_type"].isin(["bank", "ewallet", "both"]) & ~out["has_account"],
                 "account_type", WARNING, MSG_TYPE_NO_ACCOUNT)
    survey = _conform(pd.DataFrame(out, index=index))
    frame = problems.frame()
    if len(frame):
        order = {name: i for i, name in enumerate(SURVEY_COLUMN_NAMES)}
        frame = (frame.assign(_c=frame["field"].map(order), _s=frame["severity"] != ERROR)
                 .sort_values(["row", "_c", "_s"], kind="stable")
                 .drop(columns=["_c", "_s"]).reset_index(drop=True))
    else:
        frame = empty_problems()
    return survey, frame


# --- who is ready --------------------------------------------------------------------------

def _masks(survey: pd.DataFrame, cash_out_km_limit: float) -> dict[str, pd.Series]:
    s = _conform(survey)
    distance = s["distance_to_cashout_km"]
    preference = s["preference"]
    return {
        "no_phone": ~s["has_phone"],
        "far": distance > cash_out_km_limit,
        "needs_support": s["needs_support"],
        "prefers_cash": preference == "cash",
        "no_account": ~s["has_account"],
        "ewallet_no_smartphone": ((preference == "ewallet") & ~s["has_smartphone"]
                                  & s["has_phone"]).fillna(False),
        "distance_unknown": distance.isna(),
        "preference_unknown": preference.isna(),
    }


def _join_reasons(masks: dict[str, pd.Series], codes, t: Translator, km: float,
                  index) -> pd.Series:
    """``"no mobile phone; asked for support"`` per row (loop over reasons, not workers)."""
    text = pd.Series("", index=index, dtype="str")
    for code, msgid in REASONS:
        if code not in codes:
            continue
        mask = masks[code].fillna(False).to_numpy(dtype=bool)
        phrase = t(msgid, km=t.number(km)) if "{km}" in msgid else t(msgid)
        sep = np.where(text.to_numpy() == "", "", "; ")
        text = pd.Series(np.where(mask, text.to_numpy() + sep + phrase, text.to_numpy()),
                         index=index, dtype="str")
    return text


def classify(survey: pd.DataFrame, lang: str | None = None,
             cash_out_km_limit: float = DEFAULT_CASH_OUT_KM) -> pd.DataFrame:
    """``DataFrame(worker_id, status, reasons)``, one row per survey row, same index.

    * ``not_ready``: no phone and no account; or prefers cash (the worker's choice is
      respected: Law 32413); or the nearest cash-out point is farther than
      ``cash_out_km_limit``.
    * ``needs_support``: otherwise, when the worker asked for support, has no phone or no
      account yet, wants an e-wallet without a smartphone, or an answer is missing.
    * ``ready``: everything else. ``reasons`` is translated into ``lang``.
    """
    t = translator(lang)
    m = _masks(survey, cash_out_km_limit)
    not_ready = (m["no_phone"] & m["no_account"]) | m["prefers_cash"] | m["far"]
    support = ~not_ready & (m["needs_support"] | m["no_phone"] | m["no_account"]
                            | m["ewallet_no_smartphone"] | m["distance_unknown"]
                            | m["preference_unknown"])
    status = np.select([not_ready.to_numpy(), support.to_numpy()],
                       ["not_ready", "needs_support"], default="ready")
    reasons = _join_reasons(m, [c for c, _ in REASONS], t, cash_out_km_limit, survey.index)
    reasons = reasons.where(status != "ready", t(MSG_READY))
    return pd.DataFrame({
        "worker_id": survey["worker_id"].astype("str"),
        "status": pd.Series(status, index=survey.index, dtype="str"),
        "reasons": reasons,
    }, index=survey.index)


def _check_waves(waves, t: Translator) -> np.ndarray:
    shares = np.asarray(waves, dtype=float)
    if (shares.ndim != 1 or len(shares) == 0 or np.any(shares <= 0)
            or np.any(np.diff(shares) <= 0) or not np.isclose(shares[-1], 1.0)):
        raise ValueError(t(MSG_BAD_WAVES))
    return shares


def rollout_order(survey: pd.DataFrame, waves=(0.25, 0.5, 0.75, 1.0),
                  lang: str | None = None,
                  cash_out_km_limit: float = DEFAULT_CASH_OUT_KM) -> pd.DataFrame:
    """Which payday (wave 1..len(waves)) each worker moves to digital pay, most vulnerable last.

    ``waves`` are cumulative shares of workers (default 25 % -> 50 % -> 75 % -> 100 %, RISE
    Digital Wages Toolkit). Workers are sorted by a vulnerability weight
    (:data:`ROLLOUT_WEIGHTS`: no phone > far from a cash-out point > needs support >
    prefers cash > no account / e-wallet without smartphone), ties kept in survey order;
    the k-th of n workers goes to the first wave whose share reaches k/n. Returns
    ``DataFrame(worker_id, wave, reason)`` in rollout order, indexed by survey row.
    """
    t = translator(lang)
    shares = _check_waves(waves, t)
    n = len(survey)
    if n == 0:
        return pd.DataFrame({"worker_id": pd.Series([], dtype="str"),
                             "wave": pd.Series([], dtype="int64"),
                             "reason": pd.Series([], dtype="str")})
    m = _masks(survey, cash_out_km_limit)
    weight = sum(m[code].fillna(False).to_numpy(dtype=int) * w
                 for code, w in ROLLOUT_WEIGHTS.items())
    order = np.argsort(weight, kind="stable")
    position = np.empty(n, dtype=int)
    position[order] = np.arange(1, n + 1)
    wave = np.searchsorted(shares, position / n - 1e-9, side="left") + 1
    reasons = _join_reasons(m, ROLLOUT_WEIGHTS, t, cash_out_km_limit, survey.index)
    reasons = reasons.where(weight > 0, t(MSG_READY))
    out = pd.DataFrame({
        "worker_id": survey["worker_id"].astype("str"),
        "wave": pd.Series(wave, index=survey.index, dtype="int64"),
        "reason": reasons,
    }, index=survey.index)
    return out.iloc[order]


def survey_template(lang: str | None = None) -> bytes:
    """An empty survey as CSV (UTF-8 with BOM) with the column names in ``lang``."""
    t = translator(lang)
    header = ",".join(f'"{t(c.label)}"' for c in SURVEY_COLUMNS)
    return (header + "\r\n").encode("utf-8-sig")


__all__ = ["DEFAULT_CASH_OUT_KM", "REASONS", "ROLLOUT_WEIGHTS", "STATUSES", "STATUS_LABELS",
           "SURVEY_COLUMNS", "SURVEY_COLUMN_NAMES", "SurveyError", "classify", "empty_survey",
           "load_survey", "rollout_order", "survey_template"]
