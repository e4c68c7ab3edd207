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

T_TITLE = N_("Digital payroll for your business")
T_INTRO = N_("Load your workers, compute the month's payroll with Peru's rules (minimum wage, "
             "ONP/AFP, EsSalud, gratificación, CTS) and get each worker's pay slip, ready to "
             "pay by bank or e-wallet.")
T_NOTE = N_("Training simulation: the amounts are illustrative. Check them against the current "
            "law before paying anyone.")
T_STEP_WORKERS = N_("1. Workers")
T_STEP_PAYROLL = N_("2. Payroll")
T_STEP_SLIPS = N_("3. Pay slips")


class PayrollLab(W.VBox):
    """The whole lab: title, intro, language switch and the three steps in tabs.

    ``PayrollLab("es")``; ``PayrollLab.from_request()`` takes the language from the page
    URL (``?lang=en``) in Voilà. ``case_id`` optionally loads a case study at the start;
    ``store`` is where saved work goes (default: the settings' SQLite file under ``var/``).
    """

    def __init__(self, lang: str | None = None, case_id: str | None = None,
                 languages: tuple[str, ...] = PERU_LANGUAGES, store=None, **kwargs):
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
        header = W.HBox([self.title, self.language],
                        layout=W.Layout(flex_flow="row wrap", align_items="center",
                                        justify_content="space-between", width="100%"))
        super().__init__([W.HTML(LAB_CSS), header, self.intro, self.note, self.steps],
                         layout=W.Layout(width="100%", max_width="1100px"), **kwargs)
        self.add_class("dwl-lab")
        ctx.on_lang(self._relabel)
        self._relabel()
        if case_id:
            self.editor.load_case(case_id)

    @classmethod
    def from_request(cls, **kwargs) -> "PayrollLab":
        """The lab in the language of the page URL's ``?lang=`` (default outside Voilà)."""
        return cls(lang_from_request(kwargs.get("languages", PERU_LANGUAGES)), **kwargs)

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
