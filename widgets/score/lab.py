"""The SCORE productivity lab: enterprise -> SCORE modules -> results -> sources."""
from __future__ import annotations

import time
from collections import OrderedDict

import ipywidgets as W

from modules.i18n import N_
from modules.productivity import compare
from modules.productivity.charts import figure_png, update_productivity_figure

from ..common import LAB_CSS, Busy, LanguageSwitch, esc, safe_callback
from ..context import LabContext, lang_from_request
from ..session import SessionLab, SessionPanel
from .enterprise import DEFAULT_CASE, EnterpriseView
from .results import LivePanel, ResultsView
from .scenarios import ScenariosView
from .sources import SourcesView

#: languages of the Indonesian labs: Bahasa Indonesia first
LANGUAGES: tuple[str, ...] = ("id", "en", "es")

T_TITLE = N_("SCORE: more productive, better jobs")
T_INTRO = N_("Choose an enterprise and the SCORE modules it takes, and see month by month what "
             "happens to its productivity, quality, overtime, turnover and accidents, and whether "
             "the training pays back. Compare up to three scenarios.")
T_NOTE = N_("Training simulation: the effects and fees of the modules are illustrative examples. "
            "Wages and contributions follow Indonesian law.")
T_STEP_ENTERPRISE = N_("1. Enterprise")
T_STEP_MODULES = N_("2. SCORE modules")
T_STEP_RESULTS = N_("3. Results")
T_STEP_SOURCES = N_("4. Sources")
T_BUSY = N_("Computing…")

CSS = """
<style>
.dwl-lab .dwl-help { font-size: 0.85em; color: #455a64; line-height: 1.3; }
.dwl-lab .dwl-source { font-size: 0.78em; color: #607d8b; line-height: 1.25; overflow-wrap: anywhere; }
.dwl-lab .dwl-illustrative { font-size: 0.82em; color: #8d4e00; line-height: 1.3; }
.dwl-lab .dwl-inputs > *, .dwl-lab .dwl-inputs .dwl-field > * { flex-shrink: 0; }
.dwl-lab .dwl-inputs h4 { margin: 0.8em 0 0.2em; color: #1565c0; }
.dwl-lab table.dwl-wrap { white-space: normal; }
.dwl-lab table.dwl-wrap td { min-width: 7em; vertical-align: top; }
.dwl-score-lab .dwl-score-inputs { border: 1px solid #cfd8dc; padding: 4px 8px; }
@media (min-width: 701px) {
  /* the inputs scroll beside the results, so the chart stays in sight while typing */
  .dwl-score-lab .dwl-score-inputs { max-height: 82vh; overflow-y: auto !important; }
}
.dwl-score-lab .dwl-score-inputs > *, .dwl-score-lab .dwl-score-inputs .widget-vbox > * { flex-shrink: 0; }
.dwl-score-lab .dwl-score-live { background: #f5f9fc; border: 1px solid #cfd8dc; border-radius: 6px;
  padding: 2px 8px 6px; }
.dwl-score-lab .dwl-score-live h4 { margin: 0.4em 0 0.2em; }
.dwl-score-lab ul.dwl-score-lines { margin: 0.2em 0 0.4em; padding-left: 1.2em; line-height: 1.4; }
.dwl-score-lab .dwl-score-case { border-left: 4px solid #1565c0; padding: 4px 10px; margin: 6px 0;
  background: #f5f9fc; line-height: 1.4; }
.dwl-score-lab .dwl-score-case ul { margin: 0.2em 0; padding-left: 1.2em; }
.dwl-score-lab .dwl-score-module { border-radius: 6px; background: #fff; }
.dwl-score-lab .dwl-score-module.dwl-score-taken { border-color: #2a9d8f !important;
  box-shadow: inset 4px 0 0 #2a9d8f; }
.dwl-score-lab .dwl-score-module h4.dwl-score-module-name { margin: 0.4em 0 0.1em; color: #1565c0; }
.dwl-score-lab .dwl-score-module-form .dwl-help,
.dwl-score-lab .dwl-score-module-form .dwl-illustrative,
.dwl-score-lab .dwl-score-module-form .dwl-source { display: none; }
.dwl-score-lab .dwl-score-module-form h4:empty { display: none; }
.dwl-score-lab .dwl-score-module-form .dwl-field { flex: 1 1 11em !important; min-width: 10em !important; }
.dwl-score-lab details.dwl-score-details { margin: 6px 0; }
.dwl-score-lab details.dwl-score-details summary { cursor: pointer; font-weight: 600; color: #1565c0;
  padding: 4px 0; }
.dwl-score-lab details.dwl-score-details ul { line-height: 1.4; padding-left: 1.2em; }
.dwl-score-lab .dwl-score-scroll { overflow-x: auto; max-width: 100%; }
.dwl-score-lab details summary { white-space: normal; }
.dwl-score-lab table.dwl-score-effects th { white-space: normal; min-width: 5.5em; vertical-align: bottom; }
.dwl-score-lab .dwl-score-scenario h4 { margin: 0.7em 0 0.1em; font-size: 1.1em; }
.dwl-score-lab .dwl-score-swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px;
  margin-right: 6px; vertical-align: -1px; }
.dwl-score-lab .dwl-score-swatch-0 { background: #2a9d8f; }
.dwl-score-lab .dwl-score-swatch-1 { background: #e76f51; }
.dwl-score-lab .dwl-score-swatch-2 { background: #264653; }
.dwl-score-lab .dwl-card .v { font-size: 1.05em; }
.dwl-score-lab .dwl-score-workers { margin: 2px 0 4px; }
.dwl-score-lab table.dwl-score-ba td:first-child { white-space: normal; min-width: 13em; }
.dwl-score-lab table.dwl-score-ba th { text-align: center; }
.dwl-score-lab table.dwl-score-ba td.dwl-good { color: #1b5e20; font-weight: 600; }
.dwl-score-lab table.dwl-score-ba td.dwl-bad { color: #b71c1c; font-weight: 600; }
.dwl-score-lab table.dwl-score-legal-table td:nth-child(4) { min-width: 16em; font-size: 0.92em; }
.dwl-score-lab .dwl-score-picker .widget-toggle-button { min-width: 3em; }
.dwl-score-lab .dwl-score-bar > * { margin: 2px 6px 2px 0; }
.dwl-score-lab img.dwl-chart { height: auto; }
.dwl-score-lab .widget-html-content { min-width: 0; }
@media (max-width: 700px) {
  .dwl-score-lab .dwl-score-side { order: -1; position: static; }
  .dwl-score-lab .dwl-score-inputs, .dwl-score-lab .dwl-score-side { margin: 0 0 8px 0 !important; }
  .dwl-score-lab .widget-tab > .lm-TabBar .lm-TabBar-tab { min-height: 2.8em !important;
    height: auto !important; padding: 2px 4px !important; line-height: 1.15 !important;
    align-items: center; }
  .dwl-score-lab .widget-tab > .lm-TabBar .lm-TabBar-tabLabel { white-space: normal !important;
    line-height: 1.15 !important; font-size: 0.85em; }
  .dwl-score-lab .widget-tab > .lm-TabBar .lm-TabBar-content { min-height: 2.8em;
    align-items: stretch !important; }
  .dwl-score-lab .dwl-card { min-width: 8em; flex: 1 1 8em; }
  .dwl-score-lab table.dwl-score-ba td:first-child { min-width: 9em; }
}
</style>
"""


class ScoreLab(SessionLab, W.VBox):
    """The whole lab: title, intro, language switch and four steps in tabs.

    ``ScoreLab("id", case_id="id_jakarta_garment")``. Every valid change of the enterprise,
    the settings or a scenario recomputes ``compare`` (a few milliseconds) and redraws the
    productivity chart beside the inputs; the results tab is refreshed when shown.
    State: ``sim`` (the simulation in force), ``inputs`` (scenario -> model inputs),
    ``settings``, ``last_timing`` (ms: ``model``, ``chart``, ``all``).
    """

    LAB_ID = "score_productivity"

    def __init__(self, lang: str | None = None, case_id: str | None = DEFAULT_CASE,
                 languages: tuple[str, ...] = LANGUAGES, workshop=None, **kwargs):
        self.ctx = LabContext(lang, languages=languages)
        ctx = self.ctx
        self.sim = None
        self.inputs: dict[str, dict] = {}
        self.settings: dict = {}
        self.last_timing: dict[str, float] = {}
        self._png_cache: OrderedDict = OrderedDict()
        self._figure = None  # the productivity chart, redrawn with new data on each change
        self._ready = False

        self.title = W.HTML(layout=W.Layout(flex="1 1 14em"))
        self.language = LanguageSwitch(ctx)
        self.intro = W.HTML()
        self.note = W.HTML()
        self.busy = Busy(ctx, T_BUSY)
        self.live = LivePanel(ctx)
        self.enterprise = EnterpriseView(ctx)
        self.scenarios = ScenariosView(ctx)
        self.enterprise.side.children = [self.live]
        self.scenarios.side.children = [self.live]
        self.results = ResultsView(ctx)
        self.sources = SourcesView(ctx)
        self.steps = W.Tab(children=[self.enterprise, self.scenarios, self.results, self.sources],
                           layout=W.Layout(width="100%"))
        self.steps.add_class("dwl-steps")
        self.session = SessionPanel(ctx, self.LAB_ID, self, workshop=workshop)
        header = W.HBox([self.title, self.busy, self.language],
                        layout=W.Layout(flex_flow="row wrap", align_items="center",
                                        justify_content="space-between", width="100%"))
        super().__init__([W.HTML(LAB_CSS + CSS), header, self.intro, self.note, self.session,
                          self.steps],
                         layout=W.Layout(width="100%", max_width="1100px"), **kwargs)
        self.add_class("dwl-lab")
        self.add_class("dwl-score-lab")

        update = safe_callback(ctx, self.live.feedback, clear=False)(self.update)
        self.enterprise.on_change(update)
        self.scenarios.on_change(update)
        self.steps.observe(safe_callback(ctx, self.live.feedback, clear=False)(self._tab_changed),
                           names="selected_index")
        ctx.on_lang(safe_callback(ctx, self.live.feedback, clear=False)(self._lang_changed))
        self._relabel()
        self._ready = True
        if case_id:
            self.enterprise.load_case(case_id)  # notifies: update()
        else:
            self.update()
        changed = lambda *_a: self.session.changed()  # noqa: E731
        self.enterprise.on_change(changed)
        self.scenarios.on_change(changed)

    @classmethod
    def from_request(cls, **kwargs) -> "ScoreLab":
        return cls(lang_from_request(kwargs.get("languages", LANGUAGES)), **kwargs)

    # ------------------------------------------------------------------ workshop session
    def work_state(self) -> dict:
        case = self.enterprise.case
        return {"case_id": case.id if case is not None else None,
                "enterprise": self.enterprise.values, "settings": self.enterprise.settings,
                "scenarios": self.scenarios.scenarios, "tab": int(self.steps.selected_index or 0)}

    def restore_work(self, state: dict) -> None:
        if state.get("case_id"):
            self.enterprise.load_case(state["case_id"])
        settings = state.get("settings") or {}
        e = self.enterprise
        e._quiet = True  # one update at the end
        try:
            if settings.get("province") in [v for _l, v in e.province.options]:
                e.province.value = settings["province"]
            if settings.get("start") in e.months_list:
                e.start.value = settings["start"]
            if settings.get("months") in [v for _l, v in e.months.options]:
                e.months.value = settings["months"]
        finally:
            e._quiet = False
        if state.get("enterprise"):
            e.form.set_values(state["enterprise"])
        self.scenarios.set_scenarios(state.get("scenarios") or {})
        self.steps.selected_index = int(state.get("tab", 0))

    def work_results(self) -> dict:
        if self.sim is None:
            return {}
        first = self.sim.summary.iloc[0]

        def number(x, digits=1):
            return None if x is None or x != x else round(float(x), digits)

        return {"productivity_change": number(first["productivity_change"]),
                "payback_month": number(first["payback_month"], 0), "roi": number(first["roi"], 0)}

    def apply_session(self, session) -> None:
        """The session's enterprise and the figures the trainer adapted (enterprise inputs
        in the form, module costs in every scenario)."""
        case_id = session.case_ids.get(self.LAB_ID)
        if case_id:
            self.enterprise.load_case(case_id)
        params = session.parameters_for(self.LAB_ID)
        mine = {k: v for k, v in params.items() if k in self.enterprise.form.fields}
        if mine:
            self.enterprise.form.set_values(mine)
        levers = {k: v for k, v in params.items() if k not in mine}
        if levers:
            self.scenarios.set_all(levers)

    # ------------------------------------------------------------------ computing
    def scenario_inputs(self) -> dict[str, dict]:
        """Scenario name -> the model's inputs (the enterprise's, then the scenario's modules)."""
        base = self.enterprise.values
        return {name: {**base, **levers} for name, levers in self.scenarios.scenarios.items()}

    def update(self) -> None:
        """Recompute with the inputs in force; the chart beside the inputs first."""
        if not self._ready:
            return
        start = time.perf_counter()
        inputs = self.scenario_inputs()
        settings = self.enterprise.settings
        lang = self.ctx.lang
        self.live.feedback.clear()
        sim = compare(inputs, months=settings["months"], start=settings["start"],
                      province=settings["province"], lang=lang)
        model_done = time.perf_counter()
        self.sim, self.inputs, self.settings = sim, inputs, settings
        png = self._productivity_png(inputs, settings, lang)
        self.live.show(sim, png)
        chart_done = time.perf_counter()
        if self.steps.selected_index == 2:
            self.results.show(sim, inputs, settings, png)
        else:
            self.results.stale = True
        done = time.perf_counter()
        self.last_timing = {"model": (model_done - start) * 1000, "chart": (chart_done - start) * 1000,
                            "all": (done - start) * 1000}

    def _productivity_png(self, inputs: dict, settings: dict, lang: str) -> bytes:
        key = (tuple((n, tuple(sorted(v.items()))) for n, v in inputs.items()),
               tuple(sorted(settings.items(), key=lambda kv: kv[0])), lang)
        png = self._png_cache.get(key)
        if png is None:
            self._figure = update_productivity_figure(self._figure, self.sim, lang)
            png = figure_png(self._figure)
            self._png_cache[key] = png
            while len(self._png_cache) > 12:
                self._png_cache.popitem(last=False)
        else:
            self._png_cache.move_to_end(key)
        return png

    def show_results(self) -> None:
        """Bring the results tab up to date with the simulation in force."""
        if self.sim is not None and (self.results.stale or self.results.sim is not self.sim):
            with self.busy.running():
                png = self._productivity_png(self.inputs, self.settings, self.ctx.lang)
                self.results.show(self.sim, self.inputs, self.settings, png)

    # ------------------------------------------------------------------ events
    def _tab_changed(self, change) -> None:
        if change["new"] == 2:
            self.show_results()
        self.step_opened(change["new"])

    def _lang_changed(self) -> None:
        self._relabel()
        self.update()

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f'<h1 class="dwl-title">{esc(t(T_TITLE))}</h1>'
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'
        self.note.value = (f'<div class="dwl-note" role="note"><i class="fa fa-graduation-cap" '
                           f'aria-hidden="true"></i> {esc(t(T_NOTE))}</div>')
        self.steps.titles = (t(T_STEP_ENTERPRISE), t(T_STEP_MODULES), t(T_STEP_RESULTS),
                             t(T_STEP_SOURCES))
