"""Step 4 of the SCORE lab: where the figures come from.

The legal parameters the model applies (UMP, BPJS, overtime, THR: ``parameter_sources()``)
with their references, and the figures that are illustrative (module fees, days, hours,
ramp-ups and effects; the case studies' baselines are synthetic), said so plainly.
"""
from __future__ import annotations

import ipywidgets as W
import pandas as pd

from modules.i18n import N_, translator
from modules.productivity import LEVER_NAMES, LEVERS, PRODUCTIVITY_INPUTS, parameter_sources

from ..common import esc, scroll_box
from ..context import LabContext
from ..digitization.util import html_table
from .scenarios import effects_html
from .util import idr

T_TITLE = N_("Sources")
T_INTRO = N_("Laws and regulations give the wages and contributions; everything marked "
             "illustrative is an example to replace with your own figures.")
T_LEGAL = N_("Indonesian laws and regulations the simulation applies")
T_LEGAL_HINT = N_("Each value applies from the date shown; the simulation takes, month by "
                  "month, the value in force.")
T_ILLUSTRATIVE = N_("Illustrative figures")
T_ILLUSTRATIVE_HINT = N_("No public price list of SCORE training in Indonesia and no effect "
                         "sizes per module were found. These defaults are examples: ask the "
                         "training provider (a BDS partner of APINDO) for a quotation and set your "
                         "own improvement targets.")
T_SYNTHETIC = N_("The three enterprises are synthetic: invented for the training, with "
                 "plausible figures for Jakarta SMEs.")
T_ABOUT = N_("About SCORE")
T_REF_SCORE = N_("ILO, SCORE Training Programme (WCMS_321117): modules, format and reported "
                 "results.")
T_REF_INDONESIA = N_("ILO Jakarta, SCORE in Indonesia (WCMS_613999, WCMS_767493): adoption by the "
                     "Ministry of Manpower, cost recovery and training providers.")
H_PARAMETER = N_("Parameter")
H_SINCE = N_("In force since")
H_VALUE = N_("Value")
H_REFERENCE = N_("Reference")
H_NOTE = N_("Note")
H_MODULE = N_("Module")
H_FEE = N_("Training fee")
H_DAYS = N_("Coaching days")
H_HOURS = N_("Worker time (hours)")
H_RAMP = N_("Months to full effect")
T_DAY_FEE = N_("Coaching day fee: {fee} (illustrative).")

#: the legal parameters in the participant's language (the YAML descriptions are English)
PARAM_LABELS = {
    "bpjs.kesehatan_employer": N_("BPJS Kesehatan (health), employer share"),
    "bpjs.kesehatan_wage_cap": N_("BPJS Kesehatan, highest wage counted"),
    "bpjs.jht_employer": N_("Jaminan Hari Tua (old-age savings), employer share"),
    "bpjs.jp_employer": N_("Jaminan Pensiun (pension), employer share"),
    "bpjs.jp_wage_cap": N_("Jaminan Pensiun, highest wage counted"),
    "bpjs.jkk_class_1": N_("Jaminan Kecelakaan Kerja (work accidents), risk class very low"),
    "bpjs.jkk_class_2": N_("Jaminan Kecelakaan Kerja (work accidents), risk class low"),
    "bpjs.jkk_class_3": N_("Jaminan Kecelakaan Kerja (work accidents), risk class medium"),
    "bpjs.jkk_class_4": N_("Jaminan Kecelakaan Kerja (work accidents), risk class high"),
    "bpjs.jkk_class_5": N_("Jaminan Kecelakaan Kerja (work accidents), risk class very high"),
    "bpjs.jkm_employer": N_("Jaminan Kematian (death), employer share"),
    "ump.dki_jakarta": N_("Provincial minimum wage (UMP) of DKI Jakarta"),
    "wage.hourly_divisor": N_("Hourly wage = monthly wage divided by"),
    "overtime.first_hour": N_("Overtime on a working day: the first hour"),
    "overtime.next_hours": N_("Overtime on a working day: each following hour"),
    "thr.months_per_year": N_("Religious holiday allowance (THR)"),
}
#: notes of the parameter files, translated when shown (an unknown note shows as written)
PARAM_NOTES = (
    N_("Sources disagree on the 2025 cap (about 10.0-10.5 million); check BPJS "
       "Ketenagakerjaan's current figure."),
    N_("Check the number of the 2026 governor's decree before using the figure outside training."),
)
UNIT_FORMATS = {
    "share of the wage": N_("{value} of the wage"),
    "IDR per month": N_("{value} a month"),
    "hours per month": N_("{value} hours"),
    "times the hourly wage": N_("{value} × the hourly wage"),
    "months of wage per year": N_("{value} month's wage a year"),
}


def _value(t, value: float, unit: str) -> str:
    if unit == "share of the wage":
        shown = f"{t.number(float(value) * 100)} %"
    elif unit.startswith("IDR"):
        shown = idr(t, value)
    else:
        shown = t.number(float(value))
    fmt = UNIT_FORMATS.get(unit)
    return t(fmt, value=shown) if fmt else f"{shown} {unit}".strip()


def legal_frame(lang: str | None) -> pd.DataFrame:
    """The legal parameters with their dates, values and references (translated headers)."""
    t = translator(lang)
    table = parameter_sources()
    rows = []
    for r in table.itertuples():
        rows.append({
            t(H_PARAMETER): t(PARAM_LABELS.get(r.name, r.name)),
            t(H_SINCE): t.date(r.since, "medium"),
            t(H_VALUE): _value(t, r.value, r.unit),
            t(H_REFERENCE): r.reference,
            t(H_NOTE): t(r.note) if r.note else "",
        })
    return pd.DataFrame(rows, columns=[t(H_PARAMETER), t(H_SINCE), t(H_VALUE), t(H_REFERENCE), t(H_NOTE)])


class SourcesView(W.VBox):
    """Legal parameters with references; illustrative figures flagged."""

    def __init__(self, ctx: LabContext, **kwargs):
        self.ctx = ctx
        self.body = W.HTML()
        self.legal = W.HTML()
        self.legal.add_class("dwl-score-legal")
        self.illustrative = W.HTML()
        self.illustrative.add_class("dwl-score-illustrative")
        self.about = W.HTML()
        super().__init__([self.body, scroll_box(self.legal), self.illustrative, self.about],
                         layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-score-sources")
        ctx.on_lang(self._relabel)
        self._relabel()

    def _relabel(self) -> None:
        t = self.ctx.t
        self.body.value = (f"<h3>{esc(t(T_TITLE))}</h3><p class=\"dwl-intro\">{esc(t(T_INTRO))}</p>"
                           f"<h4>{esc(t(T_LEGAL))}</h4><div class=\"dwl-help\">{esc(t(T_LEGAL_HINT))}</div>")
        frame = legal_frame(self.ctx.lang)
        self.legal.value = html_table(list(frame.columns), frame.itertuples(index=False),
                                      css="dwl-wrap dwl-score-legal-table")
        d = PRODUCTIVITY_INPUTS.defaults()
        rows = [[t(LEVER_NAMES[lv]), idr(t, d[f"{lv}_fee"]), t.number(d[f"{lv}_coaching_days"]),
                 t.number(d[f"{lv}_worker_hours"]), t.number(d[f"{lv}_ramp"])] for lv in LEVERS]
        costs = html_table([t(H_MODULE), t(H_FEE), t(H_DAYS), t(H_HOURS), t(H_RAMP)], rows,
                           numeric=(1, 2, 3, 4))
        self.illustrative.value = (
            f"<h4>⚠ {esc(t(T_ILLUSTRATIVE))}</h4>"
            f'<p class="dwl-illustrative">{esc(t(T_ILLUSTRATIVE_HINT))}</p>'
            f'<div class="dwl-score-scroll">{costs}</div>'
            f'<p class="dwl-help">{esc(t(T_DAY_FEE, fee=idr(t, d["coaching_day_fee"])))}</p>'
            f"{effects_html(t)}"
            f'<p class="dwl-note">{esc(t(T_SYNTHETIC))}</p>')
        self.about.value = (f"<h4>{esc(t(T_ABOUT))}</h4><ul><li>{esc(t(T_REF_SCORE))}</li>"
                            f"<li>{esc(t(T_REF_INDONESIA))}</li></ul>")
