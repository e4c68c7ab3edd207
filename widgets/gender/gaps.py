"""Step 2 of the gender-equality lab: pay gaps, who holds which levels, training and promotion.

Every figure is the model's (``pay_gap``, ``representation``, ``rates_by_sex``); this view
writes each in one plain sentence with its range and the model's warnings, and draws the
charts of ``modules.gender.charts``.
"""
from __future__ import annotations

import ipywidgets as W
import numpy as np
import pandas as pd

from modules.gender import pay_gap, rates_by_sex, representation
from modules.gender.staff import level_label
from modules.gender.text import pct, rupiah
from modules.i18n import N_

from ..common import ChartsWhenShown, Feedback, esc, safe_callback, scroll_box, wrap_row
from ..context import LabContext
from .util import (H_MEN, H_WOMEN, T_NEED_STAFF, chart_image, heading, html_table, message,
                   paragraph, png)

T_TITLE = N_("How much less do women earn?")
T_INTRO = N_("The raw gap compares all women with all men. The adjusted gap compares a woman and "
             "a man in the same role and grade, with the same years of service and hours: what "
             "is left is not explained by the job. Each figure comes with a range: with few "
             "people the true figure may be anywhere in it.")
T_RANGE = N_("Likely between {low} and {high}")
T_MEAN_MORE = N_("On average a woman earns {gap} less than a man: {women} against {men} a month.")
T_MEAN_LESS = N_("On average a woman earns {gap} more than a man: {women} against {men} a month.")
T_MEAN_SAME = N_("On average women and men earn the same: {women} a month.")
T_MEDIAN = N_("Half of the women earn less than {women} a month; half of the men earn less than "
              "{men}.")
T_ADJ_MORE = N_("In the same role and grade, with the same years of service and hours, a woman "
                "earns about {gap} less than a man. The job does not explain this part.")
T_ADJ_LESS = N_("In the same role and grade, with the same years of service and hours, a woman "
                "earns about {gap} more than a man.")
T_ADJ_SAME = N_("In the same role and grade, with the same years of service and hours, women and "
                "men earn the same.")
T_NOT_COMPUTED = N_("not computed")
T_REPRESENTATION = N_("Who holds which levels?")
T_REPRESENTATION_INTRO = N_("When women stay in the lower grades, the raw gap is large even if "
                            "equal jobs are paid equally. Compare each level with women's share "
                            "of all staff (the dashed line).")
T_BY_GRADE = N_("By grade")
T_BY_ROLE = N_("By role")
T_RATES = N_("Who is trained and promoted?")
T_RATES_INTRO = N_("The share of women and of men who took part in a training or were promoted "
                   "in the last 12 months.")
T_DOWNLOADS = N_("Download")
H_LEVEL = N_("Level")
H_SHARE = N_("Share of women")
H_RANGE = N_("Likely range")
H_NOTE = N_("Note")
H_INDICATOR = N_("In the last year")
H_RATE_OF = N_("{count} of {n} · likely {low} to {high}")

CSS = """
<style>
.dwl-gender-lab .dwl-gap-cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0; }
.dwl-gender-lab .dwl-gap-card { flex: 1 1 15em; min-width: 0; border: 1px solid #cfd8dc;
  border-radius: 6px; padding: 8px 10px; background: #fafafa; }
.dwl-gender-lab .dwl-gap-card.dwl-gap-adjusted { border-color: #e76f51; background: #fff7f4; }
.dwl-gender-lab .dwl-gap-card .k { font-size: 0.88em; color: #455a64; font-weight: 600; }
.dwl-gender-lab .dwl-gap-card .v { font-size: 1.6em; font-weight: 700; margin: 2px 0; }
.dwl-gender-lab .dwl-gap-card .r { font-size: 0.9em; color: #37474f; }
.dwl-gender-lab .dwl-gap-card .s { font-size: 0.92em; line-height: 1.35; margin-top: 4px; }
.dwl-gender-lab .dwl-gap-card .dwl-msg { font-size: 0.86em; margin: 6px 0 0 0; }
.dwl-gender-lab .widget-toggle-buttons .widget-toggle-button { width: auto; min-width: 6em;
  padding: 0 10px; }
</style>
"""


def _without(note: str, general: list[str]) -> str:
    """A measure's note without the table-wide notes already shown above the cards."""
    for text in general:
        note = note.replace(text, "")
    return " ".join(note.split())


class GapsView(ChartsWhenShown, W.VBox):
    """Gap cards, gap chart, representation (by grade or role) and rates, with downloads.

    State: ``gaps``, ``rep``, ``rates`` (the model's frames in the lab's language, ``None``
    without staff). ``set_staff(staff)`` recomputes everything; the charts are drawn while
    the step is shown (``set_shown``, by the lab), else when it is opened.
    """

    def __init__(self, ctx: LabContext, **kwargs):
        self.ctx = ctx
        self.staff: pd.DataFrame | None = None
        self.gaps: pd.DataFrame | None = None
        self.rep: pd.DataFrame | None = None
        self.rates: pd.DataFrame | None = None

        self.title = W.HTML()
        self.intro = W.HTML()
        self.feedback = Feedback(ctx)
        self.need_staff = W.HTML()
        self.notes = W.HTML(layout=W.Layout(width="100%"))
        self.notes.add_class("dwl-gap-notes")
        self.cards = W.HTML(layout=W.Layout(width="100%"))
        self.cards.add_class("dwl-gap-cards-box")
        self.gap_chart = chart_image("dwl-gap-chart")
        self.rep_title = W.HTML()
        self.rep_intro = W.HTML()
        self.rep_by = W.ToggleButtons(options=[("grade", "grade"), ("role", "role")],
                                      value="grade", style={"button_width": "auto"})
        self.rep_by.add_class("dwl-rep-by")
        self.rep_table = W.HTML()
        self.rep_table.add_class("dwl-rep-table")
        self.rep_chart = chart_image("dwl-rep-chart")
        self.rates_title = W.HTML()
        self.rates_intro = W.HTML()
        self.rates_table = W.HTML()
        self.rates_table.add_class("dwl-rates-table")
        self.rates_chart = chart_image("dwl-rates-chart")
        self.downloads_title = W.HTML()
        self.downloads = wrap_row([])
        self.results = W.VBox([
            self.notes, self.cards, self.gap_chart,
            self.rep_title, self.rep_intro, self.rep_by, scroll_box(self.rep_table),
            self.rep_chart,
            self.rates_title, self.rates_intro, scroll_box(self.rates_table), self.rates_chart,
            self.downloads_title, self.downloads,
        ], layout=W.Layout(width="100%"))
        super().__init__([W.HTML(CSS), self.title, self.intro, self.need_staff, self.feedback,
                          self.results], layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-gender-gaps")
        self._by_cb = safe_callback(ctx, self.feedback)(self._by_changed)
        self.rep_by.observe(self._by_cb, names="value")
        ctx.on_lang(safe_callback(ctx, self.feedback, clear=False)(self._lang_changed))
        self._relabel()
        self.update()

    # ------------------------------------------------------------------ public API
    def set_staff(self, staff: pd.DataFrame | None) -> None:
        previous, self.staff = self.staff, staff
        try:
            self.update()
        except Exception:
            self.staff = previous  # what is shown is still the previous staff's
            raise

    def update(self) -> None:
        """Recompute everything for the staff in force; nothing shown changes when a
        computation fails (the error reaches the caller's message)."""
        t, lang = self.ctx.t, self.ctx.lang
        if self.staff is None:
            self.gaps = self.rep = self.rates = None
            self.need_staff.value = message(t(T_NEED_STAFF), "info")
            self.results.layout.display = "none"
            self._charts_due = False
            return
        gaps = pay_gap(self.staff, lang=lang)
        rates = rates_by_sex(self.staff, lang=lang)
        rep = representation(self.staff, by=self.rep_by.value, lang=lang)
        pngs = self._pngs(gaps, rates, rep) if self._shown else None
        self.gaps, self.rates = gaps, rates
        self.need_staff.value = ""
        self.results.layout.display = "flex"
        self._show_gaps()
        self._show_representation(rep, chart=False)
        self.rates_table.value = self._rates_html()
        if pngs is None:
            self._charts_due = True
        else:
            self._set_pngs(*pngs)
            self._charts_due = False

    def _pngs(self, gaps, rates, rep) -> tuple[bytes, bytes, bytes]:
        from modules.gender.charts import gap_figure, rates_figure, representation_figure

        lang = self.ctx.lang
        return (png(gap_figure(gaps, lang)), png(rates_figure(rates, lang)),
                png(representation_figure(rep, lang)))

    def _set_pngs(self, gap_png: bytes, rates_png: bytes, rep_png: bytes) -> None:
        self.gap_chart.value = gap_png
        self.rates_chart.value = rates_png
        self.rep_chart.value = rep_png

    def _draw_charts(self) -> None:
        if self.gaps is not None:
            self._set_pngs(*self._pngs(self.gaps, self.rates, self.rep))

    def sentence(self, code: str) -> str:
        """The plain sentence under a gap's card."""
        t = self.ctx.t
        row = self.gaps.loc[code]
        gap = float(row["gap_pct"])
        if not np.isfinite(gap):
            return ""
        size = pct(t, abs(gap))
        if code == "mean":
            women, men = rupiah(t, row["women"]), rupiah(t, row["men"])
            if round(gap, 1) == 0:
                return t(T_MEAN_SAME, women=women)
            return t(T_MEAN_MORE if gap > 0 else T_MEAN_LESS, gap=size, women=women, men=men)
        if code == "median":
            return t(T_MEDIAN, women=rupiah(t, row["women"]), men=rupiah(t, row["men"]))
        if round(gap, 1) == 0:
            return t(T_ADJ_SAME)
        return t(T_ADJ_MORE if gap > 0 else T_ADJ_LESS, gap=size)

    # ------------------------------------------------------------------ internals
    def _lang_changed(self) -> None:
        self._relabel()
        self.update()

    def _by_changed(self, _change=None) -> None:
        if self.staff is not None:
            self._show_representation()

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = heading(t(T_TITLE))
        self.intro.value = paragraph(t(T_INTRO))
        self.rep_title.value = heading(t(T_REPRESENTATION))
        self.rep_intro.value = paragraph(t(T_REPRESENTATION_INTRO))
        self.rates_title.value = heading(t(T_RATES))
        self.rates_intro.value = paragraph(t(T_RATES_INTRO))
        self.downloads_title.value = heading(t(T_DOWNLOADS))
        value = self.rep_by.value
        self.rep_by.unobserve(self._by_cb, names="value")  # only this view's own callback
        try:
            self.rep_by.options = [(t(T_BY_GRADE), "grade"), (t(T_BY_ROLE), "role")]
            self.rep_by.value = value
        finally:
            self.rep_by.observe(self._by_cb, names="value")

    def _show_gaps(self) -> None:
        t = self.ctx.t
        general = list(self.gaps.attrs.get("notes", []))
        self.notes.value = "".join(message(n, "warning", "dwl-gap-note") for n in general)
        parts = []
        for code, row in self.gaps.iterrows():
            gap = float(row["gap_pct"])
            if np.isfinite(gap):
                value = pct(t, gap)
                rng = (t(T_RANGE, low=pct(t, row["low_pct"]), high=pct(t, row["high_pct"]))
                       if np.isfinite(row["low_pct"]) else "")
            else:
                value, rng = t(T_NOT_COMPUTED), ""
            note = _without(str(row["note"] or ""), general)
            warn = message(note, "warning", "dwl-gap-warning") if note else ""
            parts.append(
                f'<div class="dwl-gap-card dwl-gap-{esc(code)}">'
                f'<div class="k">{esc(row["label"])}</div>'
                f'<div class="v">{esc(value)}</div>'
                f'<div class="r">{esc(rng)}</div>'
                f'<div class="s">{esc(self.sentence(code))}</div>{warn}</div>')
        self.cards.value = f'<div class="dwl-gap-cards">{"".join(parts)}</div>'

    def _show_representation(self, rep: pd.DataFrame | None = None, chart: bool = True) -> None:
        t, lang = self.ctx.t, self.ctx.lang
        by = self.rep_by.value
        self.rep = rep if rep is not None else representation(self.staff, by=by, lang=lang)
        rows = []
        last = len(self.rep) - 1
        for i, (_, r) in enumerate(self.rep.iterrows()):
            rows.append([
                level_label(r["level"], by, lang), str(int(r["women"])), str(int(r["men"])),
                pct(t, r["share_women_pct"], 0),
                f"{pct(t, r['low_pct'], 0)} – {pct(t, r['high_pct'], 0)}", str(r["note"] or ""),
            ])
        classes = ["dwl-total" if i == last else "" for i in range(len(rows))]
        self.rep_table.value = html_table(
            [t(H_LEVEL), t(H_WOMEN), t(H_MEN), t(H_SHARE), t(H_RANGE),
             t(H_NOTE)], rows, numeric=(1, 2, 3, 4), row_classes=classes)
        if not chart:
            return
        if self._shown:
            from modules.gender.charts import representation_figure

            self.rep_chart.value = png(representation_figure(self.rep, lang))
        else:
            self._charts_due = True

    def _rates_html(self) -> str:
        """Indicator | women | men | note; each rate with "19 of 88" and its range below."""
        t = self.ctx.t
        rows = []
        for indicator in dict.fromkeys(self.rates["indicator"]):
            part = self.rates[self.rates["indicator"] == indicator].set_index("sex")
            cells = [f"<td>{esc(part['label'].iloc[0])}</td>"]
            notes = []
            for sex in ("F", "M"):
                r = part.loc[sex]
                detail = t(H_RATE_OF, count=int(r["count"]), n=int(r["n"]),
                           low=pct(t, r["low_pct"], 0), high=pct(t, r["high_pct"], 0))
                cells.append(f'<td class="num dwl-rate-{esc(indicator)}-{sex}">'
                             f"<b>{esc(pct(t, r['rate_pct'], 0))}</b>"
                             f'<div class="dwl-help">{esc(detail)}</div></td>')
                if r["note"]:
                    notes.append(str(r["note"]))
            cells.append(f'<td>{esc(" ".join(dict.fromkeys(notes)))}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
        head = "".join(f'<th class="{c}">{esc(h)}</th>' for h, c in (
            (t(H_INDICATOR), ""), (t(H_WOMEN), "num"), (t(H_MEN), "num"), (t(H_NOTE), "")))
        return (f'<table class="dwl-table dwl-wrap"><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table>')
