"""The "Cash or digital wages" lab: workers -> business case -> readiness -> plan."""
from __future__ import annotations

import base64
import math

import ipywidgets as W
from traitlets import Int

from modules.i18n import N_

from ..common import LAB_CSS, LanguageSwitch, esc, safe_callback
from ..context import PERU_LANGUAGES, LabContext, lang_from_request
from ..register_editor import RegisterEditor
from ..session import SessionLab, SessionPanel
from .business import BusinessView
from .plan import PlanView
from .readiness import ReadinessView

T_TITLE = N_("Cash or digital wages?")
T_INTRO = N_("Load your workers, see what paying them by bank or e-wallet costs and saves your "
             "business and your workers, check who is ready, and take home a plan for a "
             "responsible move.")
T_NOTE = N_("Training simulation: the amounts are estimates. Check fees and figures with your "
            "bank or e-wallet before deciding.")
T_STEP_WORKERS = N_("1. Workers")
T_STEP_BUSINESS = N_("2. Costs and savings")
T_STEP_READINESS = N_("3. Readiness")
T_STEP_PLAN = N_("4. Plan")
STEP_BUSINESS, STEP_PLAN = 1, 3

CSS = """
<style>
.dwl-lab .dwl-help { font-size: 0.85em; color: #455a64; line-height: 1.3; }
.dwl-lab .dwl-source { font-size: 0.78em; color: #607d8b; line-height: 1.25; overflow-wrap: anywhere; }
.dwl-lab .dwl-illustrative { font-size: 0.8em; color: #8d4e00; line-height: 1.25; }
.dwl-lab .dwl-bc-inputs > *, .dwl-lab .dwl-inputs > *, .dwl-lab .dwl-inputs .dwl-field > * { flex-shrink: 0; }
.dwl-lab .dwl-inputs h4 { margin: 0.8em 0 0.2em; color: #1565c0; }
.dwl-lab table.dwl-wrap { white-space: normal; }
.dwl-lab table.dwl-wrap td { min-width: 7em; vertical-align: top; }
.dwl-lab .dwl-redflag ul, .dwl-lab .dwl-bc-flags ul { line-height: 1.35; }
.dwl-lab .dwl-table tr.dwl-ok td:nth-child(4) { color: #1b5e20; font-weight: 600; }
.dwl-lab .dwl-table tr.dwl-warn td:nth-child(4) { color: #8d4e00; font-weight: 600; }
.dwl-lab .dwl-table tr.dwl-bad td:nth-child(4) { color: #b71c1c; font-weight: 600; }
.dwl-lab .dwl-wave { flex: 1 1 14em; }
.dwl-lab .dwl-wave-names { font-size: 0.88em; line-height: 1.35; }
.dwl-lab .dwl-bc-monthly th { white-space: normal; min-width: 6.5em; vertical-align: bottom; }
@media (max-width: 700px) {
  .dwl-lab .dwl-bc-results { order: -1; }
  .dwl-lab .dwl-plan-chart { min-width: 640px; }
  .dwl-digitization-lab .lm-TabBar-tab { min-height: 2.6em; height: auto !important; padding: 2px 4px; }
  .dwl-digitization-lab .lm-TabBar-tabLabel { white-space: normal; line-height: 1.15; font-size: 0.85em; }
  .dwl-digitization-lab .lm-TabBar-content { min-height: 2.6em; align-items: stretch; }
  .dwl-lab .dwl-bc-inputs { max-height: 70vh !important; margin: 6px 0 0 0 !important; }
}
.dwl-lab .dwl-bc-chart img, .dwl-lab img.dwl-chart { height: auto; }
</style>
"""


class _Workers(RegisterEditor):
    """The payroll lab's register editor, telling when a new register was loaded."""

    loaded = Int(0)
    loading = False  # True while a new register is being loaded

    def _load(self, load, *args) -> None:
        self.loading = True
        try:
            load(*args)
        finally:
            self.loading = False
        self.loaded += 1

    def load_case(self, case_id: str) -> None:
        self._load(super().load_case, case_id)

    def load_bytes(self, data: bytes, name: str = "") -> None:
        self._load(super().load_bytes, data, name)

    def load_saved(self, workers, employer: dict, name: str = "", case_id: str | None = None) -> None:
        self._load(super().load_saved, workers, employer, name, case_id)


class DigitizationLab(SessionLab, W.VBox):
    """The whole lab: title, intro, language switch and four steps in tabs.

    ``DigitizationLab("es", case_id="pe_lalibertad_agroexport")``; ``from_request()`` takes
    the language from the page URL (``?lang=en``) in Voilà.
    """

    LAB_ID = "cash_to_digital"

    def __init__(self, lang: str | None = None, case_id: str | None = None,
                 languages: tuple[str, ...] = PERU_LANGUAGES, workshop=None, **kwargs):
        self.ctx = LabContext(lang, languages=languages)
        ctx = self.ctx
        self.title = W.HTML(layout=W.Layout(flex="1 1 14em"))
        self.language = LanguageSwitch(ctx)
        self.intro = W.HTML(layout=W.Layout(width="100%"))
        self.note = W.HTML(layout=W.Layout(width="100%"))
        self.editor = _Workers(ctx)
        self.business = BusinessView(ctx, self.editor)
        self.readiness = ReadinessView(ctx, self.editor)
        self.plan = PlanView(ctx, readiness=lambda: self.readiness.readiness,
                             employer=lambda: self.editor.employer)
        self.steps = W.Tab(children=[self.editor, self.business, self.readiness, self.plan],
                           layout=W.Layout(width="100%"))
        self.steps.add_class("dwl-steps")
        self.session = SessionPanel(ctx, self.LAB_ID, self, workshop=workshop)
        header = W.HBox([self.title, self.language],
                        layout=W.Layout(flex_flow="row wrap", align_items="center",
                                        justify_content="space-between", width="100%"))
        super().__init__([W.HTML(LAB_CSS + CSS), header, self.intro, self.note, self.session,
                          self.steps],
                         layout=W.Layout(width="100%", max_width="1100px"), **kwargs)
        self.add_class("dwl-lab")
        self.add_class("dwl-digitization-lab")

        feedback = self.editor.load_feedback
        self.editor.observe(safe_callback(ctx, feedback, clear=False)(self._register_loaded),
                            names="loaded")
        self.editor.observe(safe_callback(ctx, feedback, clear=False)(self._register_edited),
                            names="version")
        self.business.on_case(self._case_changed)
        self.steps.observe(self._tab_changed, names="selected_index")
        ctx.on_lang(self._relabel)
        self._relabel()
        if case_id:
            self.editor.load_case(case_id)
        self._watch_changes()

    @classmethod
    def from_request(cls, **kwargs) -> "DigitizationLab":
        return cls(lang_from_request(kwargs.get("languages", PERU_LANGUAGES)), **kwargs)

    # ------------------------------------------------------------------ workshop session
    def _watch_changes(self) -> None:
        changed = lambda *_a: self.session.changed()  # noqa: E731
        self.editor.observe(changed, names="version")
        self.business.form.on_change(changed)
        self.business.save_scenario.on_click(changed)
        self.business.clear_scenarios.on_click(changed)
        self.readiness.upload.observe(changed, names="value")
        for dropdown in self.readiness.practice_inputs.values():
            dropdown.observe(changed, names="value")
        self.plan.year.observe(changed, names="value")
        self.plan.month.observe(changed, names="value")

    def work_state(self) -> dict:
        """Everything the participant entered, for the session store (JSON)."""
        from modules.register.document import register_to_document

        editor, origin = self.editor, getattr(self.readiness, "_survey_origin", None)
        survey = None
        if origin and origin[0] == "file":
            survey = {"name": origin[1], "data": base64.b64encode(origin[2]).decode("ascii")}
        has_register = editor.workers is not None and len(editor.workers) > 0
        return {
            "register": register_to_document(editor.workers, editor.employer) if has_register else None,
            "case_id": editor.case_id, "source_name": str(getattr(editor, "source_name", "") or ""),
            "inputs": self.business.values, "scenarios": dict(self.business.scenarios),
            "survey": survey,
            "practices": {k: d.value for k, d in self.readiness.practice_inputs.items()},
            "plan_start": [int(self.plan.year.value), int(self.plan.month.value)],
            "tab": int(self.steps.selected_index or 0),
        }

    def restore_work(self, state: dict) -> None:
        """Put a saved :meth:`work_state` back (register first: the rest builds on it)."""
        from modules.register.document import register_from_document

        if state.get("register"):
            workers, employer = register_from_document(state["register"])
            self.editor.load_saved(workers, employer, name=state.get("source_name", ""),
                                   case_id=state.get("case_id"))
        survey = state.get("survey")
        if survey:
            self.readiness.load_bytes(base64.b64decode(survey["data"]), survey.get("name", ""))
        for name, value in (state.get("practices") or {}).items():
            if name in self.readiness.practice_inputs:
                self.readiness.practice_inputs[name].value = value
        if state.get("inputs"):
            self.business.form.set_values(state["inputs"])
        self.business.scenarios = dict(state.get("scenarios") or {})
        self.business._show_comparison()
        year, month = state.get("plan_start") or (self.plan.year.value, self.plan.month.value)
        if year in [v for _l, v in self.plan.year.options]:
            self.plan.year.value = year
        self.plan.month.value = month
        self.steps.selected_index = int(state.get("tab", 0))

    def work_results(self) -> dict:
        def number(x, digits=2):
            return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), digits)

        summary = self.business.case.summary if getattr(self.business, "case", None) else {}
        readiness = self.readiness.readiness
        return {"workers": int(len(self.editor.workers)) if self.editor.workers is not None else 0,
                "break_even_month": number(summary.get("break_even_month"), 0),
                "npv": number(summary.get("npv")),
                "readiness_score": number(readiness.overall, 1) if readiness is not None else None}

    def apply_session(self, session) -> None:
        """The session's case study and the parameters the trainer adapted."""
        case_id = session.case_ids.get(self.LAB_ID)
        if case_id:
            self.editor.load_case(case_id)
        params = session.parameters_for(self.LAB_ID)
        if params:
            self.business.form.set_values(params)

    def _register_loaded(self, _change=None) -> None:
        self.readiness.source_changed()
        self.business.use_register()

    def _register_edited(self, _change=None) -> None:
        # a row typed or deleted in step 1; a new register is handled by _register_loaded
        # (``version`` is bumped before the editor knows which case study it loaded)
        if self.editor.loaded and not self.editor.loading:
            self.business.use_register()
            self.readiness.refresh()

    def _case_changed(self, case) -> None:
        self.readiness.set_fees_charged("fees_charged_to_workers" in case.summary["flags"])

    def _tab_changed(self, change) -> None:
        """A step was opened: its charts are drawn now if a change came while it was hidden."""
        index = change["new"]
        safe_callback(self.ctx, self.business.feedback, clear=False)(self.business.set_shown)(
            index == STEP_BUSINESS)
        if index == STEP_PLAN:
            safe_callback(self.ctx, self.plan.feedback, clear=False)(self.plan.ensure)()
        self.step_opened(index)

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f'<h1 class="dwl-title">{esc(t(T_TITLE))}</h1>'
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'
        self.note.value = (f'<div class="dwl-note" role="note"><i class="fa fa-graduation-cap" '
                           f'aria-hidden="true"></i> {esc(t(T_NOTE))}</div>')
        self.steps.titles = (t(T_STEP_WORKERS), t(T_STEP_BUSINESS), t(T_STEP_READINESS),
                             t(T_STEP_PLAN))
