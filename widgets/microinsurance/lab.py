"""The micro-insurance lab: the dockers -> the product -> viable? -> affordable? -> downloads.

Every valid change (a docker's figure, a claims figure, a design, the years) runs the
model once for all designs (``compare``, the same seed and runs, so a change is the only
thing that moves the results) with "Computing…" shown, then redraws the step on screen (the
side-by-side table and the fund chart beside the designs, when the product step is shown);
the other steps are redrawn when they are opened (a lab that has drawn no chart yet has not
loaded matplotlib either).
"""
from __future__ import annotations

import time
from contextlib import ExitStack

import ipywidgets as W

from modules.i18n import N_
from modules.microinsurance import case_texts

from ..common import LAB_CSS, LanguageSwitch, esc, safe_callback
from ..context import PERU_LANGUAGES, LabContext, lang_from_request
from ..session import SessionLab, SessionPanel
from .affordability import AffordabilityView
from .comparison import LivePanel
from .designs import DesignsView
from .dockers import DockersView
from .downloads import DownloadsView
from .util import CSS, DEFAULT_YEARS, SIM_RUNS, SIM_SEED, Outcome, run
from .viability import ViabilityView

T_TITLE = N_("Micro-insurance for dockers: affordable and viable?")
T_INTRO = N_("Could a micro-insurance protect the dockers of Lima's wholesale market against work "
             "accidents, sickness and old age, at a premium they can pay, without the fund going "
             "broke? Start from the dockers, design up to three products and see, side by side, "
             "what each one costs a docker and whether its fund lasts.")
T_NOTE = N_("Training simulation: the dockers are invented and the accident and sickness figures "
            "are illustrative. The results show how a scheme behaves, not what a real one would "
            "cost.")
T_STEP_DOCKERS = N_("1. The dockers")
T_STEP_PRODUCT = N_("2. The product")
T_STEP_VIABLE = N_("3. Viable?")
T_STEP_AFFORD = N_("4. Affordable?")
T_STEP_DOWNLOAD = N_("5. Download")
#: the gallery entry (labs/gallery.yaml is the lead's; its texts are translated here)
GALLERY_TITLE = N_("Micro-insurance for dockers: affordable and viable?")
GALLERY_DESCRIPTION = N_("Start from the dockers of Lima's wholesale market, design up to three "
                         "micro-insurance products and see side by side whether the dockers can "
                         "afford them and whether the fund lasts; download the results.")

T_CASE = N_("Case study: {name}")

STEP_PRODUCT, STEP_VIABLE, STEP_AFFORD, STEP_DOWNLOAD = 1, 2, 3, 4


class MicroinsuranceLab(SessionLab, W.VBox):
    """The whole lab: title, language switch, intro, the training note, the workshop
    session panel and five steps in tabs.

    ``MicroinsuranceLab("es")``. State: ``outcome`` (the :class:`~.util.Outcome` in force:
    ``outcome.result`` is the model's ``compare`` result), ``runs``/``seed`` of the
    simulation, ``last_timing`` (ms of the last update: ``model``, ``chart``, ``all``).
    """

    LAB_ID = "microinsurance_viability"

    def __init__(self, lang: str | None = None, case_id: str | None = None,
                 languages: tuple[str, ...] = PERU_LANGUAGES, workshop=None,
                 runs: int = SIM_RUNS, seed: int = SIM_SEED, **kwargs):
        self.ctx = LabContext(lang, languages=languages)
        ctx = self.ctx
        self.runs, self.seed = int(runs), int(seed)
        self.outcome: Outcome | None = None
        self.last_timing: dict[str, float] = {}
        self._ready = False
        self._stale: set[int] = set()

        self.title = W.HTML(layout=W.Layout(flex="1 1 14em"))
        self.language = LanguageSwitch(ctx)
        self.intro = W.HTML(layout=W.Layout(width="100%"))
        self.note = W.HTML(layout=W.Layout(width="100%"))
        self.dockers = DockersView(ctx, case_id=case_id)
        self.designs = DesignsView(ctx)
        self.live = LivePanel(ctx)
        self.viability = ViabilityView(ctx, years=DEFAULT_YEARS)
        self.afford = AffordabilityView(ctx)
        self.downloads = DownloadsView(ctx, lambda: self.outcome, self._members_name)
        self._busies = (self.dockers.busy, self.live.busy, self.viability.busy,
                        self.downloads.panel.busy)
        inputs_box = W.VBox([self.designs], layout=W.Layout(flex="1 1 330px", min_width="0",
                                                            margin="0 10px 0 0"))
        inputs_box.add_class("dwl-mi-inputs")
        inputs_box.add_class("dwl-mi-box")
        side = W.VBox([self.live], layout=W.Layout(flex="1 1 380px", min_width="0"))
        side.add_class("dwl-mi-side")
        product_step = W.Box([inputs_box, side],
                             layout=W.Layout(display="flex", flex_flow="row wrap", width="100%",
                                             align_items="flex-start"))
        self.steps = W.Tab(children=[self.dockers, product_step, self.viability, self.afford,
                                     self.downloads], layout=W.Layout(width="100%"))
        self.steps.add_class("dwl-steps")
        self.session = SessionPanel(ctx, self.LAB_ID, self, workshop=workshop)
        header = W.HBox([self.title, self.language],
                        layout=W.Layout(flex_flow="row wrap", align_items="center",
                                        justify_content="space-between", width="100%"))
        super().__init__([W.HTML(LAB_CSS + CSS), header, self.intro, self.note, self.session,
                          self.steps], layout=W.Layout(width="100%", max_width="1100px"), **kwargs)
        self.add_class("dwl-lab")
        self.add_class("dwl-mi-lab")

        self.dockers.on_change(self._changed)
        self.designs.on_change(self._changed)
        self.viability.years.observe(lambda _c: self._changed(), names="value")
        self.steps.observe(lambda change: self._safely(self._tab_changed, change),
                           names="selected_index")
        ctx.on_lang(lambda: self._safely(self._lang_changed))
        self._relabel()
        self.dockers.load_case(case_id)  # notifies nobody yet: the lab computes below
        self._ready = True
        self.update()

    @classmethod
    def from_request(cls, **kwargs) -> "MicroinsuranceLab":
        return cls(lang_from_request(kwargs.get("languages", PERU_LANGUAGES)), **kwargs)

    # ------------------------------------------------------------------ computing
    @property
    def years(self) -> int:
        return int(self.viability.years.value)

    @property
    def population(self):
        return self.dockers.population

    def update(self) -> None:
        """Run the model for every design and show the results in the step on screen (the
        side-by-side table and fund chart in the product step); the other steps follow when
        they are opened. A refused input leaves the results as they were."""
        if not self._ready:
            return
        start = time.perf_counter()
        with ExitStack() as stack:
            for busy in self._busies:
                stack.enter_context(busy.running())
            outcome = run(self.designs.named, self.dockers.population, self.dockers.claims,
                          self.years, self.ctx.lang, runs=self.runs, seed=self.seed)
            model_done = time.perf_counter()
            self.outcome = outcome
            for feedback in self._feedbacks():
                if feedback.kind == "error":  # a failure before this success: gone now
                    feedback.clear()
            self.designs.show_quick(outcome)
            self._stale = set(self._views())
            self._show_visible()
            chart_done = time.perf_counter()
        done = time.perf_counter()
        self.last_timing = {"model": (model_done - start) * 1000,
                            "chart": (chart_done - start) * 1000, "all": (done - start) * 1000}

    def _views(self) -> dict:
        """Step -> the view that shows the results there."""
        return {STEP_PRODUCT: self.live, STEP_VIABLE: self.viability, STEP_AFFORD: self.afford,
                STEP_DOWNLOAD: self.downloads}

    def _show_visible(self) -> None:
        index = self.steps.selected_index
        if index in self._stale and self.outcome is not None:
            self._views()[index].show(self.outcome)
            self._stale.discard(index)

    def show_all(self) -> None:
        """Bring every step up to date (tests, downloads)."""
        if self.outcome is None:
            return
        for view in self._views().values():
            view.show(self.outcome)
        self._stale.clear()

    def _feedbacks(self):
        """The message line of each step, for what goes wrong while computing."""
        return (self.dockers.feedback, self.live.feedback, self.viability.feedback,
                self.afford.feedback, self.downloads.panel.feedback)

    def _safely(self, fn, *args) -> None:
        """``fn(*args)`` with a participant's message (no traceback) next to the step shown."""
        index = self.steps.selected_index or 0
        feedback = self._feedbacks()[min(index, len(self._feedbacks()) - 1)]
        safe_callback(self.ctx, feedback, clear=False)(fn)(*args)

    def _changed(self) -> None:
        """A participant's valid change: recompute, then save the work in the session."""
        self._safely(self._update_and_save)

    def _update_and_save(self) -> None:
        self.update()
        self.session.changed()

    def _members_name(self) -> str | None:
        d = self.dockers
        if d.members is None or not d.use_table or d.source is None:
            return None
        kind, name = d.source
        if kind == "case":
            return self.ctx.t(T_CASE, name=case_texts(name, self.ctx.lang)["title"])
        return name

    # ------------------------------------------------------------------ workshop session
    def work_state(self) -> dict:
        """Everything the participant entered (JSON), for the session store."""
        return {
            "dockers": self.dockers.state(),
            "designs": [dict(d) for d in self.designs.designs],
            "selected": int(self.designs.selected),
            "years": self.years,
            "tab": int(self.steps.selected_index or 0),
        }

    def restore_work(self, state: dict) -> None:
        """Put a saved :meth:`work_state` back and compute once."""
        self._ready = False
        try:
            if state.get("dockers"):
                self.dockers.restore(state["dockers"])
            if state.get("designs"):
                self.designs.restore(state["designs"], int(state.get("selected", 0)))
            if state.get("years"):
                self.viability.years.value = int(state["years"])
            self.steps.selected_index = int(state.get("tab", 0))
        finally:
            self._ready = True
        self.update()

    def work_results(self) -> dict:
        """Design A's key results for the trainer's dashboard."""
        if self.outcome is None:
            return {}
        s = self.outcome.summary.iloc[0]

        def pct(x, factor=100.0):
            x = float(x) * factor
            return None if x != x else round(x, 2)

        return {"ruin_probability": pct(s["ruin_probability"]),
                "premium_share_income": pct(s["premium_share_pct"], 1.0),
                "claims_ratio": pct(s["claims_ratio"])}

    def apply_session(self, session) -> None:
        """The session's case study and the product figures the trainer adapted (in every
        design)."""
        case_id = session.case_ids.get(self.LAB_ID)
        params = session.parameters_for(self.LAB_ID)
        self._ready = False
        try:
            if case_id:
                self.dockers.load_case(case_id)
            if params:
                self.designs.apply(params)
        finally:
            self._ready = True
        self.update()

    # ------------------------------------------------------------------ events
    def _tab_changed(self, change) -> None:
        new = change["new"]
        if new is None:
            return
        self.step_opened(new)
        if new in self._stale:
            with ExitStack() as stack:
                for busy in self._busies:
                    stack.enter_context(busy.running())
                self._show_visible()

    def _lang_changed(self) -> None:
        self._relabel()
        if self.outcome is not None:
            self._stale = set(self._views())
            self._show_visible()

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f'<h1 class="dwl-title">{esc(t(T_TITLE))}</h1>'
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'
        self.note.value = (f'<div class="dwl-note" role="note"><i class="fa fa-graduation-cap" '
                           f'aria-hidden="true"></i> {esc(t(T_NOTE))}</div>')
        self.steps.titles = (t(T_STEP_DOCKERS), t(T_STEP_PRODUCT), t(T_STEP_VIABLE),
                             t(T_STEP_AFFORD), t(T_STEP_DOWNLOAD))
