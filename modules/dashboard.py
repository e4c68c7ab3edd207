"""The room's results for the trainer's debrief: translated tables, a chart per key result,
and the whole session as an Excel workbook (participants, results per lab, feedback).

Everything comes from :class:`modules.sessions.Workshop` (the participants' own saved
results); nothing here recomputes a model.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from .i18n import N_, translator
from .sessions import LAB_TITLES, RESULT_LABELS, Workshop, WorkshopSession

if TYPE_CHECKING:  # matplotlib is imported when a chart is drawn, not for the tables
    from matplotlib.figure import Figure

COL_LABEL = N_("Participant")
COL_NICKNAME = N_("Nickname")
COL_JOINED = N_("Joined at")
COL_PROGRESS = N_("{lab}: step reached")
COL_SAVED = N_("{lab}: last saved")
COL_LAB = N_("Lab")
COL_RATING = N_("Rating (1-5)")
COL_UNCLEAR = N_("What was unclear")
COL_SUGGESTIONS = N_("Suggestions for the local context")
COL_AT = N_("Sent at")
SHEET_PARTICIPANTS = N_("Participants")
SHEET_FEEDBACK = N_("Feedback")
SHEET_SESSION = N_("Session")
ROW_NAME = N_("Session name")
ROW_DATE = N_("Date")
ROW_PLACE = N_("Place")
ROW_LANGUAGE = N_("Language")
ROW_CODE = N_("Session code")
ROW_PARAMETERS = N_("Adapted parameters")
MEDIAN = N_("median: {value}")
NO_RESULT = N_("not reached yet")


def _local(stamp: str) -> str:
    """A UTC time stamp in the serving machine's time zone, ``YYYY-MM-DD HH:MM``."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return stamp or ""


def participants_table(ws: Workshop, trainer_code: str, lang: str | None = None) -> pd.DataFrame:
    """Who joined and how far each got, with translated headers (``2/4`` steps)."""
    t = translator(lang)
    session = ws.session_for_trainer(trainer_code, lang)
    raw = ws.participants(trainer_code, lang)
    out = pd.DataFrame({t(COL_LABEL): raw["label"], t(COL_NICKNAME): raw["nickname"],
                        t(COL_JOINED): [_local(s) for s in raw["joined_at"]]})
    for lab in session.labs:
        title = t(LAB_TITLES[lab]).split(":")[0]
        out[t(COL_PROGRESS, lab=title)] = [f"{a}/{b}" if b else "-" for a, b in
                                           zip(raw[f"{lab}_step"], raw[f"{lab}_steps"])]
        out[t(COL_SAVED, lab=title)] = [_local(s) for s in raw[f"{lab}_saved_at"]]
    return out


def results_table(ws: Workshop, trainer_code: str, lab: str, lang: str | None = None) -> pd.DataFrame:
    """The anonymised key results of ``lab``, headers translated, one row per participant."""
    t = translator(lang)
    raw = ws.results(trainer_code, lab, lang)
    frame = raw.rename(columns={k: t(RESULT_LABELS[k]) for k in raw.columns if k in RESULT_LABELS})
    frame.index.name = t(COL_LABEL)
    return frame.reset_index()


def feedback_table(ws: Workshop, trainer_code: str, lang: str | None = None) -> pd.DataFrame:
    t = translator(lang)
    raw = ws.feedback(trainer_code, lang)
    return pd.DataFrame({
        t(COL_LAB): [t(LAB_TITLES.get(lab, lab)) for lab in raw["lab"]],
        t(COL_RATING): raw["rating"], t(COL_UNCLEAR): raw["unclear"],
        t(COL_SUGGESTIONS): raw["suggestions"], t(COL_AT): [_local(s) for s in raw["at"]],
    })


def results_figure(ws: Workshop, trainer_code: str, lab: str, key: str,
                   lang: str | None = None) -> Figure | None:
    """One bar per participant for the result ``key`` of ``lab`` (a dashed line at the
    median), for the debrief; ``None`` when nobody has reported it yet."""
    t = translator(lang)
    raw = ws.results(trainer_code, lab, lang)
    if key not in raw.columns:
        return None
    values = pd.to_numeric(raw[key], errors="coerce")
    if values.notna().sum() == 0:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 3.4), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.12, 0.18, 0.84, 0.68))
    labels = list(raw.index)
    heights = [0.0 if (v is None or math.isnan(v)) else float(v) for v in values]
    bars = ax.bar(labels, heights, color=["#1e6fb8" if not math.isnan(v) else "#cfd8dc" for v in values])
    for bar, v in zip(bars, values):
        digits = 0 if math.isnan(v) or float(v).is_integer() or abs(v) >= 100 else 1
        text = t.number(v, digits) if not math.isnan(v) else t(NO_RESULT)
        ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center", va="bottom", fontsize=8, xytext=(0, 2), textcoords="offset points")
    median = float(values.median())
    ax.axhline(median, color="#e76f51", linestyle="--", linewidth=1,
               label=t(MEDIAN, value=t.number(median, 1 if abs(median) < 100 else 0)))
    ax.legend(fontsize=8, loc="best")
    ax.set_title(t(RESULT_LABELS.get(key, key)), fontsize=11)
    ax.tick_params(axis="x", labelsize=8)
    return fig


def session_sheet(session: WorkshopSession, lang: str | None = None) -> pd.DataFrame:
    t = translator(lang)
    params = "; ".join(f"{lab}: " + ", ".join(f"{k}={v}" for k, v in values.items())
                       for lab, values in session.parameters.items()) or "-"
    rows = [(t(ROW_NAME), session.name), (t(ROW_DATE), session.date), (t(ROW_PLACE), session.place),
            (t(ROW_LANGUAGE), session.lang), (t(ROW_CODE), session.code),
            (t(ROW_PARAMETERS), params)]
    rows += [(t(COL_LAB), t(LAB_TITLES[lab])) for lab in session.labs]
    return pd.DataFrame(rows, columns=["", " "])


def dashboard_xlsx(ws: Workshop, trainer_code: str, lang: str | None = None) -> tuple[str, bytes]:
    """The session's participants, each lab's results and the feedback as a workbook:
    ``(filename, bytes)``. Text cells never become formulas."""
    from .workbook import workbook_bytes

    t = translator(lang)
    session = ws.session_for_trainer(trainer_code, lang)
    sheets = {t(SHEET_SESSION): session_sheet(session, lang),
              t(SHEET_PARTICIPANTS): participants_table(ws, trainer_code, lang)}
    for lab in session.labs:
        sheets[t(LAB_TITLES[lab]).split(":")[0][:31]] = results_table(ws, trainer_code, lab, lang)
    sheets[t(SHEET_FEEDBACK)] = feedback_table(ws, trainer_code, lang)
    return f"session-{session.code}-{session.date}.xlsx", workbook_bytes(sheets)
