"""The "Cash or digital wages" lab: workers -> business case -> readiness -> plan."""
from __future__ import annotations

import ipywidgets as W
from traitlets import Int

from modules.i18n import N_

from ..common import LAB_CSS, LanguageSwitch, esc, safe_callback
from ..context import PERU_LANGUAGES, LabContext, lang_from_request
from ..register_editor import RegisterEditor
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

    def load_saved(self, workers, employer: dict, name: str = "") -> None:
        self._load(super().load_saved, workers, employer, name)


class DigitizationLab(W.VBox):
    """The whole lab: title, intro, language switch and four steps in tabs.

    ``DigitizationLab("es", case_id="pe_lalibertad_agroexport")``; ``from_request()`` takes
    the language from the page URL (``?lang=en``) in Voilà.
    """

    def __init__(self, lang: str | None = None, case_id: str | None = None,
                 languages: tuple[str, ...] = PERU_LANGUAGES, **kwargs):
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
        header = W.HBox([self.title, self.language],
                        layout=W.Layout(flex_flow="row wrap", align_items="center",
                                        justify_content="space-between", width="100%"))
        super().__init__([W.HTML(LAB_CSS + CSS), header, self.intro, self.note, self.steps],
                         layout=W.Layout(width="100%", max_width="1100px"), **kwargs)
        self.add_class("dwl-lab")
        self.add_class("dwl-digitization-lab")

        feedback = self.editor.load_feedback
        self.editor.observe(safe_callback(ctx, feedback, clear=False)(self._register_loaded),
                            names="loaded")
        self.editor.observe(safe_callback(ctx, feedback, clear=False)(self._register_edited),
                            names="version")
        self.business.on_case(self._case_changed)
        self.steps.observe(safe_callback(ctx, self.plan.feedback, clear=False)(self._tab_changed),
                           names="selected_index")
        ctx.on_lang(self._relabel)
        self._relabel()
        if case_id:
            self.editor.load_case(case_id)

    @classmethod
    def from_request(cls, **kwargs) -> "DigitizationLab":
        return cls(lang_from_request(kwargs.get("languages", PERU_LANGUAGES)), **kwargs)

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
        if change["new"] == 3:
            self.plan.ensure()

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f'<h1 class="dwl-title">{esc(t(T_TITLE))}</h1>'
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'
        self.note.value = (f'<div class="dwl-note" role="note"><i class="fa fa-graduation-cap" '
                           f'aria-hidden="true"></i> {esc(t(T_NOTE))}</div>')
        self.steps.titles = (t(T_STEP_WORKERS), t(T_STEP_BUSINESS), t(T_STEP_READINESS),
                             t(T_STEP_PLAN))
