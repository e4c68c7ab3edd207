"""The "Digital payroll" lab: workers → payroll → pay slips, in Spanish or English."""
from __future__ import annotations

import ipywidgets as W

from modules.i18n import N_

from .common import LAB_CSS, LanguageSwitch, esc
from .context import PERU_LANGUAGES, LabContext, lang_from_request
from .payroll_view import PayrollView
from .payslip_view import PayslipView
from .register_editor import RegisterEditor
from .saved_work import SavedWork
from .session import SessionLab, SessionPanel

T_TITLE = N_("Digital payroll for your business")
T_INTRO = N_("Load your workers, compute the month's payroll with Peru's rules (minimum wage, "
             "ONP/AFP, EsSalud, gratificación, CTS) and get each worker's pay slip, ready to "
             "pay by bank or e-wallet.")
T_NOTE = N_("Training simulation: the amounts are illustrative. Check them against the current "
            "law before paying anyone.")
T_STEP_WORKERS = N_("1. Workers")
T_STEP_PAYROLL = N_("2. Payroll")
T_STEP_SLIPS = N_("3. Pay slips")


class PayrollLab(SessionLab, W.VBox):
    """The whole lab: title, intro, language switch and the three steps in tabs.

    ``PayrollLab("es")``; ``PayrollLab.from_request()`` takes the language from the page
    URL (``?lang=en``) in Voilà. ``case_id`` optionally loads a case study at the start;
    ``store`` is where saved work goes (default: the settings' SQLite file under ``var/``).
    """

    LAB_ID = "payroll_digital"

    def __init__(self, lang: str | None = None, case_id: str | None = None,
                 languages: tuple[str, ...] = PERU_LANGUAGES, store=None, workshop=None, **kwargs):
        self.ctx = LabContext(lang, languages=languages)
        ctx = self.ctx
        self.title = W.HTML(layout=W.Layout(flex="1 1 14em"))
        self.language = LanguageSwitch(ctx)
        self.intro = W.HTML(layout=W.Layout(width="100%"))
        self.note = W.HTML(layout=W.Layout(width="100%"))
        self.editor = RegisterEditor(ctx)
        self.payroll = PayrollView(ctx, self.editor)
        self.payslips = PayslipView(ctx, self.editor, self.payroll)
        self.saved = SavedWork(ctx, self.editor, store=store)
        workers_step = W.VBox([self.editor, self.saved], layout=W.Layout(width="100%"))
        self.steps = W.Tab(children=[workers_step, self.payroll, self.payslips],
                           layout=W.Layout(width="100%"))
        self.steps.add_class("dwl-steps")
        self.session = SessionPanel(ctx, self.LAB_ID, self, workshop=workshop)
        header = W.HBox([self.title, self.language],
                        layout=W.Layout(flex_flow="row wrap", align_items="center",
                                        justify_content="space-between", width="100%"))
        super().__init__([W.HTML(LAB_CSS), header, self.intro, self.note, self.session, self.steps],
                         layout=W.Layout(width="100%", max_width="1100px"), **kwargs)
        self.add_class("dwl-lab")
        ctx.on_lang(self._relabel)
        self._relabel()
        if case_id:
            self.editor.load_case(case_id)
        changed = lambda *_a: self.session.changed()  # noqa: E731
        self.editor.observe(changed, names="version")
        self.editor.enterprise.observe(changed, names="value")
        self.editor.ruc.observe(changed, names="value")
        self.payroll.observe(changed, names="version")
        self.steps.observe(self._tab_changed, names="selected_index")

    @classmethod
    def from_request(cls, **kwargs) -> "PayrollLab":
        """The lab in the language of the page URL's ``?lang=`` (default outside Voilà)."""
        return cls(lang_from_request(kwargs.get("languages", PERU_LANGUAGES)), **kwargs)

    # ------------------------------------------------------------------ workshop session
    def _tab_changed(self, change) -> None:
        self.step_opened(change["new"])

    def work_state(self) -> dict:
        from modules.register.document import register_to_document

        editor = self.editor
        has_register = editor.workers is not None and len(editor.workers) > 0
        return {
            "register": register_to_document(editor.workers, editor.employer) if has_register else None,
            "employer": dict(editor.employer or {}),
            "case_id": editor.case_id, "source_name": str(getattr(editor, "source_name", "") or ""),
            "period": self.payroll.period,
            "computed": self.payroll.payroll is not None,
            "tab": int(self.steps.selected_index or 0),
        }

    def restore_work(self, state: dict) -> None:
        from modules.register.document import register_from_document

        if state.get("register"):
            workers, employer = register_from_document(state["register"])
            self.editor.load_saved(workers, state.get("employer") or employer,
                                   name=state.get("source_name", ""), case_id=state.get("case_id"))
        if state.get("period"):
            self.payroll.set_period(state["period"])
        if state.get("computed"):
            self.payroll.compute()
        self.steps.selected_index = int(state.get("tab", 0))

    def work_results(self) -> dict:
        totals = self.payroll.totals
        return {"workers": int(len(self.editor.workers)) if self.editor.workers is not None else 0,
                "net_pay_total": totals.get("net_pay"), "employer_cost_total": totals.get("employer_cost")}

    def apply_session(self, session) -> None:
        case_id = session.case_ids.get(self.LAB_ID)
        if case_id:
            self.editor.load_case(case_id)

    def apply_request_language(self) -> str:
        """Switch to the ``?lang=`` of the page URL (for a lab built before the request)."""
        self.ctx.lang = lang_from_request(self.ctx.languages)
        return self.ctx.lang

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f'<h1 class="dwl-title">{esc(t(T_TITLE))}</h1>'
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'
        self.note.value = f'<div class="dwl-note" role="note"><i class="fa fa-graduation-cap" aria-hidden="true"></i> {esc(t(T_NOTE))}</div>'
        self.steps.titles = (t(T_STEP_WORKERS), t(T_STEP_PAYROLL), t(T_STEP_SLIPS))
