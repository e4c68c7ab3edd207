"""Step 1 of the SCORE lab: the enterprise (a case study or the participant's own figures).

Three case-study buttons (``modules.productivity.enterprise_case_studies``), what each case
teaches, the province, the first month and the length of the simulation, and the form of the
enterprise's baseline generated from the model's declared inputs (every input that is not a
SCORE module: ``ENTERPRISE_INPUTS``). ``on_change(callback)`` is called after every valid
change; a value the model refuses gets its message next to the field and the last valid
values stay in force.
"""
from __future__ import annotations

import ipywidgets as W
import pandas as pd

from modules.casestudies import CaseStudyError
from modules.i18n import N_
from modules.inputs import InputSet
from modules.productivity import (LEVER_NAMES, PRODUCTIVITY_INPUTS, enterprise_case_studies,
                                  load_enterprise_case, load_legal_parameters)
from modules.productivity.model import G_SCENARIO

from ..common import Feedback, esc, safe_callback
from ..context import LabContext
from ..inputs_form import InputsForm

#: the enterprise's inputs: everything the model declares outside the SCORE modules
ENTERPRISE_INPUTS = InputSet([s for s in PRODUCTIVITY_INPUTS if s.group not in set(LEVER_NAMES.values())],
                             checks=PRODUCTIVITY_INPUTS.checks)
PROVINCES = ("dki_jakarta", "")
MONTHS = tuple(range(12, 25))
DEFAULT_MONTHS = 24
DEFAULT_CASE = "id_jakarta_garment"

T_TITLE = N_("Your enterprise")
T_INTRO = N_("Pick one of the three enterprises of the training, or type your own enterprise's "
             "figures below. The results follow every change at once.")
T_CASES = N_("Case studies (invented enterprises for the training)")
T_WORKFORCE = N_("{workers} workers: {women} women ({share} %) and {men} men.")
T_SYNTHETIC = N_("Synthetic data: an invented enterprise, for the training only.")
T_LOOK_AT = N_("What to look at")
T_SETTINGS = N_("Where and when")
T_PROVINCE = N_("Province")
T_PROVINCE_HELP = N_("Wages below the provincial minimum wage (UMP) are raised to it, month by "
                     "month.")
T_OTHER_PROVINCE = N_("Another province (type the wage; no minimum wage is applied)")
T_START = N_("First month")
T_START_HELP = N_("The month of the first SCORE workshop: month 1 of the simulation.")
T_MONTHS = N_("Months simulated")
T_MONTHS_HELP = N_("From 12 to 24 months.")
T_MONTHS_OPTION = N_("{n} months")
T_FIGURES = N_("The enterprise's figures, today")
T_GROUP_ORDERS = N_("Orders and coaching fee")
PROVINCE_NAMES = {"dki_jakarta": N_("DKI Jakarta")}


def start_months() -> tuple[str, ...]:
    """First months offered: from the first minimum wage the parameters hold to the end of
    the year of the last one (``YYYY-MM``)."""
    dates = load_legal_parameters().parameter("ump.dki_jakarta").dates
    first, last = pd.Timestamp(dates[0]), pd.Timestamp(dates[-1])
    periods = pd.period_range(first.to_period("M"), pd.Period(f"{last.year}-12", "M"), freq="M")
    return tuple(p.strftime("%Y-%m") for p in periods)


def _labelled(label: W.HTML, control: W.Widget, help_: W.HTML, css: str) -> W.VBox:
    box = W.VBox([label, control, help_], layout=W.Layout(flex="1 1 14em", min_width="12em",
                                                          max_width="100%", margin="2px 8px 6px 0"))
    box.add_class("dwl-field")
    box.add_class(css)
    return box


class EnterpriseView(W.VBox):
    """Case studies, settings and the baseline form. State: ``case`` (the last case study
    loaded), ``values`` (validated inputs in force), ``settings`` (``months``, ``start``,
    ``province``)."""

    def __init__(self, ctx: LabContext, **kwargs):
        self.ctx = ctx
        self.case = None
        self._callbacks = []
        self._quiet = False
        self.title = W.HTML()
        self.intro = W.HTML()
        self.cases_title = W.HTML()
        self.feedback = Feedback(ctx)
        self.case_ids = tuple(enterprise_case_studies(ctx.lang)["id"])
        self.case_buttons = {}
        for case_id in self.case_ids:
            button = W.Button(layout=W.Layout(width="auto", max_width="100%", flex="1 1 16em",
                                              margin="2px 6px 2px 0"))
            button.add_class("dwl-case")
            button.add_class(f"dwl-case-{case_id}")
            button.on_click(safe_callback(ctx, self.feedback)(
                lambda _b, cid=case_id: self.load_case(cid)))
            self.case_buttons[case_id] = button
        self.case_info = W.HTML()
        self.case_info.add_class("dwl-score-case-info")

        self.settings_title = W.HTML()
        self.months_list = start_months()
        self.province = W.Dropdown(options=[("", p) for p in PROVINCES], value="dki_jakarta",
                                   layout=W.Layout(width="100%"))
        self.start = W.Dropdown(options=[(p, p) for p in self.months_list],
                                value="2025-08" if "2025-08" in self.months_list else self.months_list[0],
                                layout=W.Layout(width="100%"))
        self.months = W.Dropdown(options=[(str(n), n) for n in MONTHS], value=DEFAULT_MONTHS,
                                 layout=W.Layout(width="100%"))
        self._labels = {k: (W.HTML(), W.HTML()) for k in ("province", "start", "months")}
        for k, (_lab, help_) in self._labels.items():
            help_.add_class("dwl-help")
        settings = W.Box([
            _labelled(self._labels["province"][0], self.province, self._labels["province"][1],
                      "dwl-score-province"),
            _labelled(self._labels["start"][0], self.start, self._labels["start"][1], "dwl-score-start"),
            _labelled(self._labels["months"][0], self.months, self._labels["months"][1], "dwl-score-months"),
        ], layout=W.Layout(display="flex", flex_flow="row wrap", width="100%"))

        self.figures_title = W.HTML()
        groups = {g: g for g in ENTERPRISE_INPUTS.groups()}
        groups[G_SCENARIO] = T_GROUP_ORDERS
        self.form = InputsForm(ctx, ENTERPRISE_INPUTS, group_labels=groups)
        self.form.add_class("dwl-score-baseline")
        self.form_box = W.VBox([self.figures_title, self.form],
                               layout=W.Layout(flex="1 1 320px", min_width="0", margin="0 10px 0 0"))
        self.form_box.add_class("dwl-score-inputs")
        self.side = W.VBox(layout=W.Layout(flex="1 1 340px", min_width="0"))
        self.side.add_class("dwl-score-side")
        body = W.Box([self.form_box, self.side],
                     layout=W.Layout(display="flex", flex_flow="row wrap", width="100%",
                                     align_items="flex-start"))
        super().__init__([self.title, self.intro, self.cases_title,
                          W.Box(list(self.case_buttons.values()),
                                layout=W.Layout(display="flex", flex_flow="row wrap", width="100%")),
                          self.feedback, self.case_info, self.settings_title, settings, body],
                         layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-score-enterprise")

        self.form.on_change(lambda _values: self._notify())
        for control in (self.province, self.start, self.months):
            control.observe(self._setting_changed, names="value")
        ctx.on_lang(self._relabel)
        self._relabel()

    # ------------------------------------------------------------------ public API
    @property
    def values(self) -> dict:
        return dict(self.form.values)

    @property
    def settings(self) -> dict:
        return {"months": int(self.months.value), "start": self.start.value,
                "province": self.province.value or None}

    def on_change(self, callback) -> None:
        self._callbacks.append(callback)

    def load_case(self, case_id: str) -> None:
        """Put a case study's figures, province and first month in the form (one update)."""
        try:
            case = load_enterprise_case(case_id, self.ctx.lang)
        except CaseStudyError as exc:
            self.feedback.show_text(str(exc), kind="error")
            return
        self.case = case
        self._quiet = True
        try:
            self.province.value = case.province if case.province in PROVINCES else ""
            if case.start in self.months_list:
                self.start.value = case.start
        finally:
            self._quiet = False
        self._show_case()
        self.form.set_values(case.baseline)  # notifies once

    def set_inputs(self, **values) -> None:
        """Type values into the form's fields (as a participant would)."""
        for name, value in values.items():
            self.form.fields[name].input.value = value

    # ------------------------------------------------------------------ internals
    def _notify(self) -> None:
        if self._quiet:
            return
        for callback in self._callbacks:
            callback()

    def _setting_changed(self, change) -> None:
        if change["new"] != change["old"]:
            self._notify()

    def _show_case(self) -> None:
        t = self.ctx.t
        for case_id, button in self.case_buttons.items():
            button.button_style = "info" if self.case is not None and case_id == self.case.id else ""
        if self.case is None:
            self.case_info.value = ""
            return
        case = load_enterprise_case(self.case.id, self.ctx.lang)  # texts in today's language
        w = case.workforce
        points = "".join(f"<li>{esc(p)}</li>" for p in case.learning_points)
        synthetic = f'<div class="dwl-note">{esc(t(T_SYNTHETIC))}</div>' if case.synthetic else ""
        workforce = ""
        if w.get("workers"):
            workforce = esc(t(T_WORKFORCE, workers=w["workers"], women=w.get("women", 0),
                              men=w.get("men", 0), share=t.number(case.women_share * 100, 0)))
        self.case_info.value = (
            f'<div class="dwl-score-case"><b>{esc(case.title)}</b> · {esc(case.sector)}<br>'
            f"{workforce}"
            f'<div class="dwl-score-points"><b>{esc(t(T_LOOK_AT))}:</b><ul>{points}</ul></div>'
            f"{synthetic}</div>")

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f"<h3>{esc(t(T_TITLE))}</h3>"
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'
        self.cases_title.value = f"<b>{esc(t(T_CASES))}</b>"
        for case in enterprise_case_studies(self.ctx.lang).itertuples():
            self.case_buttons[case.id].description = f"{case.title} · {case.sector}"
            self.case_buttons[case.id].tooltip = f"{case.title} · {case.sector}"
        self.settings_title.value = f"<h4>{esc(t(T_SETTINGS))}</h4>"
        self.figures_title.value = f"<h4>{esc(t(T_FIGURES))}</h4>"
        for key, (msg, help_msg) in {"province": (T_PROVINCE, T_PROVINCE_HELP),
                                     "start": (T_START, T_START_HELP),
                                     "months": (T_MONTHS, T_MONTHS_HELP)}.items():
            self._labels[key][0].value = f"<b>{esc(t(msg))}</b>"
            self._labels[key][1].value = f'<div class="dwl-help">{esc(t(help_msg))}</div>'
        self._relabel_dropdown(self.province, [
            (t(PROVINCE_NAMES[p]) if p else t(T_OTHER_PROVINCE), p) for p in PROVINCES])
        self._relabel_dropdown(self.start, [(t.period(p), p) for p in self.months_list])
        self._relabel_dropdown(self.months, [(t(T_MONTHS_OPTION, n=n), n) for n in MONTHS])
        self._show_case()

    def _relabel_dropdown(self, dropdown: W.Dropdown, options) -> None:
        """New labels, same value, without telling anyone (only our own observer is paused)."""
        value = dropdown.value
        dropdown.unobserve(self._setting_changed, names="value")
        try:
            dropdown.options = options
            dropdown.value = value
        finally:
            dropdown.observe(self._setting_changed, names="value")
