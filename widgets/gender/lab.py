"""The gender-equality lab (SCORE gender module, Indonesia): staff -> pay gap ->
self-assessment -> cost of closing the gap, with the report (Excel) and the action plan (PDF).
"""
from __future__ import annotations

import base64
import math

import ipywidgets as W

from modules.i18n import N_

from ..common import LAB_CSS, LanguageSwitch, esc, safe_callback
from ..context import LabContext, lang_from_request
from ..download import DownloadButton
from ..session import SessionLab, SessionPanel
from .assessment import AssessmentView
from .cost import CostView
from .gaps import GapsView
from .staff import StaffView
from .util import INDONESIA_LANGUAGES, xlsx_bytes

T_TITLE = N_("Equal pay and gender equality in your enterprise")
T_INTRO = N_("Load your staff table and see how much less women earn than men, and how much of "
             "it the job does not explain; who holds which levels and who is trained and "
             "promoted; where your enterprise stands on SCORE's six spheres of gender equality; "
             "and what closing the unexplained gap would cost, month by month.")
T_NOTE = N_("Training simulation: with a small enterprise's numbers every figure is uncertain, "
            "so read the ranges. The example enterprises are invented.")
T_STEP_STAFF = N_("1. Staff")
T_STEP_GAPS = N_("2. Pay gap")
T_STEP_ASSESSMENT = N_("3. Self-assessment")
T_STEP_COST = N_("4. Cost of closing the gap")
T_DL_REPORT = N_("Report (Excel)")
T_DL_PLAN = N_("Action plan (PDF)")
FILE_REPORT = N_("gender_equality_report")
FILE_PLAN = N_("gender_action_plan")

CSS = """
<style>
@media (max-width: 700px) {
  .dwl-gender-lab .lm-TabBar-tab { min-height: 3em; height: auto !important; padding: 3px 4px;
    align-items: center; }
  .dwl-gender-lab .lm-TabBar-tabLabel { white-space: normal; line-height: 1.2 !important;
    font-size: 0.82em; }
  .dwl-gender-lab .lm-TabBar-content { min-height: 2.8em; align-items: stretch; }
}
.dwl-gender-lab img.dwl-chart, .dwl-gender-lab .dwl-chart img { height: auto; }
.dwl-gender-lab table.dwl-wrap { white-space: normal; }
.dwl-gender-lab table.dwl-cost-table th { white-space: normal; min-width: 6.5em;
  vertical-align: bottom; }
.dwl-gender-lab table.dwl-wrap td { min-width: 6em; vertical-align: top; }
</style>
"""


class GenderLab(SessionLab, W.VBox):
    """The whole lab: title, language switch, intro and four steps in tabs.

    ``GenderLab("id", case_id="id_garment")``; ``from_request()`` takes the language from the
    page URL (``?lang=en``) in Voilà. ``build_report()`` and ``build_plan()`` give the
    downloads' ``(filename, bytes)``.
    """

    LAB_ID = "gender_equality"

    def __init__(self, lang: str | None = None, case_id: str | None = None,
                 languages: tuple[str, ...] = INDONESIA_LANGUAGES, workshop=None, **kwargs):
        self.ctx = LabContext(lang, languages=languages)
        ctx = self.ctx
        self.title = W.HTML(layout=W.Layout(flex="1 1 14em"))
        self.language = LanguageSwitch(ctx)
        self.intro = W.HTML(layout=W.Layout(width="100%"))
        self.note = W.HTML(layout=W.Layout(width="100%"))
        self.staff_view = StaffView(ctx)
        self.gaps = GapsView(ctx)
        self.assessment = AssessmentView(ctx)
        self.cost = CostView(ctx)
        self.steps = W.Tab(children=[self.staff_view, self.gaps, self.assessment, self.cost],
                           layout=W.Layout(width="100%"))
        self.steps.add_class("dwl-steps")
        self.session = SessionPanel(ctx, self.LAB_ID, self, workshop=workshop)
        # one button per place it is shown (a widget shown twice would download twice)
        self.report_buttons = [
            DownloadButton(ctx, T_DL_REPORT, self.build_report, button_style="primary",
                           css_class=f"dwl-dl-report-{where}")
            for where in ("gaps", "assessment", "cost")]
        self.plan_buttons = [
            DownloadButton(ctx, T_DL_PLAN, self.build_plan, icon="file-pdf-o",
                           css_class=f"dwl-dl-plan-{where}")
            for where in ("assessment", "cost")]
        self.gaps.downloads.children = [self.report_buttons[0]]
        self.assessment.downloads.children = [self.plan_buttons[0], self.report_buttons[1]]
        self.cost.downloads.children = [self.report_buttons[2], self.plan_buttons[1]]
        header = W.HBox([self.title, self.language],
                        layout=W.Layout(flex_flow="row wrap", align_items="center",
                                        justify_content="space-between", width="100%"))
        super().__init__([W.HTML(LAB_CSS + CSS), header, self.intro, self.note, self.session,
                          self.steps],
                         layout=W.Layout(width="100%", max_width="1100px"), **kwargs)
        self.add_class("dwl-lab")
        self.add_class("dwl-gender-lab")
        self.staff_view.on_loaded(self._staff_loaded)  # errors: the load button's message
        ctx.on_lang(self._relabel)
        self._relabel()
        if case_id:
            self.staff_view.load_case(case_id)
        changed = lambda *_a: self.session.changed()  # noqa: E731
        self.staff_view.on_changed(changed)
        self.assessment.on_change(changed)
        self.cost.form.on_change(changed)
        self.steps.observe(self._tab_changed, names="selected_index")

    @classmethod
    def from_request(cls, **kwargs) -> "GenderLab":
        languages = kwargs.pop("languages", INDONESIA_LANGUAGES)
        return cls(lang_from_request(languages), languages=languages, **kwargs)

    @property
    def staff(self):
        return self.staff_view.staff

    # ------------------------------------------------------------------ workshop session
    def _tab_changed(self, change) -> None:
        """A step was opened: its charts are drawn now if a change came while it was hidden."""
        index = change["new"]
        for step, view in ((1, self.gaps), (2, self.assessment), (3, self.cost)):
            safe_callback(self.ctx, view.feedback, clear=False)(view.set_shown)(index == step)
        self.step_opened(index)

    def work_state(self) -> dict:
        view = self.staff_view
        source = None
        if view.source is not None:
            kind, name = view.source
            source = {"kind": kind, "name": name}
            if kind == "file" and view._raw is not None:
                source["data"] = base64.b64encode(view._raw).decode("ascii")
        return {"staff": source, "answers": self.assessment.answers,
                "cost": self.cost.values, "tab": int(self.steps.selected_index or 0)}

    def restore_work(self, state: dict) -> None:
        source = state.get("staff")
        if source and source.get("kind") == "case":
            self.staff_view.load_case(source["name"])
        elif source and source.get("data"):
            self.staff_view.load_bytes(base64.b64decode(source["data"]), source.get("name", ""))
        self.assessment.set_answers({k: int(v) for k, v in (state.get("answers") or {}).items()})
        if state.get("cost"):
            self.cost.form.set_values(state["cost"])
        self.steps.selected_index = int(state.get("tab", 0))

    def work_results(self) -> dict:
        from modules.gender import pay_gap

        def pct(x):
            return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), 1)

        out = {"raw_gap_pct": None, "adjusted_gap_pct": None,
               "assessment_score": pct(self.assessment.result.overall) if self.assessment.answers else None,
               "closing_cost_month": None}
        if self.staff is not None and len(self.staff):
            gaps = pay_gap(self.staff, lang=self.ctx.lang)
            out["raw_gap_pct"] = pct(gaps.loc["mean", "gap_pct"])
            out["adjusted_gap_pct"] = pct(gaps.loc["adjusted", "gap_pct"])
            cost = getattr(self.cost, "cost", None)
            if cost is not None and len(cost):
                out["closing_cost_month"] = round(float(cost["total_cost"].iloc[-1]), 0)
        return out

    def apply_session(self, session) -> None:
        case_id = session.case_ids.get(self.LAB_ID)
        if case_id:
            self.staff_view.load_case(case_id)
        params = session.parameters_for(self.LAB_ID)
        if params:
            self.cost.form.set_values(params)

    # ------------------------------------------------------------------ downloads
    def build_report(self):
        """The report workbook: gaps, representation, rates, self-assessment, actions, cost
        by month and the staff table (translated sheet names and headers)."""
        from modules.gender.report import report_tables

        t = self.ctx.t
        sheets = report_tables(self.staff, self.assessment.answers, self.cost.values,
                               lang=self.ctx.lang)
        return f"{t(FILE_REPORT)}.xlsx", xlsx_bytes(sheets)

    def build_plan(self):
        """The action plan (PDF): gaps, self-assessment scores, actions with who and by
        when to fill in, cost of closing the gap."""
        from modules.gender.report import action_plan_pdf

        t = self.ctx.t
        data = action_plan_pdf(self.assessment.result, self.staff, self.cost.values,
                               title=self.staff_view.title_text, lang=self.ctx.lang)
        return f"{t(FILE_PLAN)}.pdf", data

    # ------------------------------------------------------------------ internals
    def _staff_loaded(self, staff) -> None:
        previous = self.gaps.staff
        self.gaps.set_staff(staff)
        try:
            self.cost.set_staff(staff)
        except Exception:
            self.gaps.set_staff(previous)
            raise

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f'<h1 class="dwl-title">{esc(t(T_TITLE))}</h1>'
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'
        self.note.value = (f'<div class="dwl-note" role="note"><i class="fa fa-graduation-cap" '
                           f'aria-hidden="true"></i> {esc(t(T_NOTE))}</div>')
        self.steps.titles = (t(T_STEP_STAFF), t(T_STEP_GAPS), t(T_STEP_ASSESSMENT),
                             t(T_STEP_COST))
