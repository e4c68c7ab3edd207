"""Step 3 of the gender-equality lab: the self-assessment on SCORE's six spheres.

The questions, the scale, the scores and the actions are the model's
(``modules.gender.QUESTIONS``, ``SCALE``, ``self_assessment``). Each question is answered
with four buttons (0-3, labelled with the scale's words) that work with a thumb on a phone;
a question not answered yet counts as 0, as in the model, and the view says how many are
still open.
"""
from __future__ import annotations

from typing import Callable

import ipywidgets as W

from modules.gender import QUESTIONS, SPHERES, self_assessment
from modules.gender.assessment import SCALE, SCALE_MAX, WEAK_BELOW, SelfAssessment
from modules.gender.text import pct
from modules.i18n import N_

from ..common import ChartsWhenShown, Feedback, esc, safe_callback, wrap_row
from ..context import LabContext
from .util import cards, chart_image, heading, message, paragraph, png

T_TITLE = N_("Self-assessment: where does your enterprise stand?")
T_INTRO = N_("Answer together, managers and worker representatives. For each sentence: how far "
             "is it true in your enterprise today? A sphere under {weak} is weak: its actions go "
             "into the action plan.")
T_SCALE = N_("0: not in place · 1: started · 2: mostly in place · 3: fully in place")
T_PROGRESS = N_("{n} of {total} questions answered. Questions not answered count as 0 "
                "(not in place).")
T_ALL_ANSWERED = N_("All {total} questions answered.")
T_SPHERE_SCORE = N_("Score {score}")
T_WEAK = N_("weak")
T_RESULTS = N_("Your result")
T_CARD_OVERALL = N_("Overall score")
T_CARD_WEAK = N_("Weak spheres")
T_CARD_ACTIONS = N_("Actions")
T_ACTIONS = N_("Action list (weakest sphere first)")
T_NO_ACTIONS = N_("No weak sphere: keep the good practices and answer again next year.")
T_ACTIONS_HINT = N_("Agree who does each action and by when: the action plan (PDF) has a column "
                    "for each.")
T_RESET = N_("Clear the answers")
T_RESET_DONE = N_("The answers were cleared.")
T_DOWNLOADS = N_("Download")

CSS = """
<style>
.dwl-gender-lab .dwl-sphere { border: 1px solid #cfd8dc; border-radius: 6px; padding: 4px 8px 8px;
  margin: 0 0 10px 0; }
.dwl-gender-lab .dwl-sphere h4 { margin: 0.4em 0 0.2em; color: #4a148c; }
.dwl-gender-lab .dwl-sphere h4 .dwl-badge { font-size: 0.85em; font-weight: 600; color: #1b5e20;
  margin-left: 6px; white-space: nowrap; }
.dwl-gender-lab .dwl-sphere h4 .dwl-badge.weak { color: #b71c1c; }
.dwl-gender-lab .dwl-question { margin: 6px 0 2px; line-height: 1.35; }
.dwl-gender-lab .dwl-answer { width: 100%; height: auto; }
/* the four answers as a grid: one row on a laptop, two by two on a phone */
.dwl-gender-lab .dwl-answer > div { display: grid; width: 100%; max-width: 760px; gap: 4px;
  grid-template-columns: repeat(auto-fit, minmax(9.5em, 1fr)); }
.dwl-gender-lab .dwl-answer button.widget-toggle-button { width: 100% !important; min-width: 0;
  height: auto; min-height: 36px; white-space: normal; line-height: 1.2; padding: 4px 6px;
  margin: 0; text-align: left; }
.dwl-gender-lab .dwl-answer button.widget-toggle-button.mod-active { background: #6a1b9a;
  color: #fff; }
.dwl-gender-lab .dwl-actions ol { margin: 4px 0; padding-left: 1.4em; line-height: 1.4; }
.dwl-gender-lab .dwl-actions li { margin: 3px 0; }
.dwl-gender-lab .dwl-actions .sph { color: #4a148c; font-weight: 600; }
</style>
"""


class AssessmentView(ChartsWhenShown, W.VBox):
    """Questions by sphere (ToggleButtons 0-3), score per sphere, chart and action list.

    State: ``answers`` (``{code: 0..3}``, only the questions answered), ``result`` (the
    model's :class:`~modules.gender.assessment.SelfAssessment` of these answers).
    ``on_change(callback)`` is called after every answer. The chart is drawn while the step is
    shown (``set_shown``, by the lab), else when it is opened.
    """

    def __init__(self, ctx: LabContext, **kwargs):
        self.ctx = ctx
        self.result: SelfAssessment | None = None
        self._callbacks: list[Callable[[], None]] = []
        self.title = W.HTML()
        self.intro = W.HTML()
        self.scale = W.HTML()
        self.progress = W.HTML(layout=W.Layout(width="100%"))
        self.progress.add_class("dwl-progress")
        self.feedback = Feedback(ctx)
        self.sphere_titles: dict[str, W.HTML] = {}
        self.question_texts: dict[str, W.HTML] = {}
        self.buttons: dict[str, W.ToggleButtons] = {}
        self._answer_cb = safe_callback(ctx, self.feedback)(self._answered)
        boxes = []
        for sphere in SPHERES:
            title = W.HTML()
            self.sphere_titles[sphere] = title
            children = [title]
            for q in (q for q in QUESTIONS if q.sphere == sphere):
                text = W.HTML(layout=W.Layout(width="100%"))
                text.add_class("dwl-question")
                toggle = W.ToggleButtons(options=[(str(k), k) for k in range(SCALE_MAX + 1)],
                                         value=None, style={"button_width": "auto"},
                                         layout=W.Layout(width="100%", height="auto"))
                toggle.add_class("dwl-answer")
                toggle.add_class(f"dwl-answer-{q.code}")
                toggle.observe(self._answer_cb, names="value")
                self.question_texts[q.code] = text
                self.buttons[q.code] = toggle
                children += [text, toggle]
            box = W.VBox(children, layout=W.Layout(width="100%"))
            box.add_class("dwl-sphere")
            box.add_class(f"dwl-sphere-{sphere}")
            boxes.append(box)
        self.results_title = W.HTML()
        self.cards = W.HTML(layout=W.Layout(width="100%"))
        self.cards.add_class("dwl-score-cards")
        self.chart = chart_image("dwl-spheres-chart")
        self.actions_title = W.HTML()
        self.actions = W.HTML(layout=W.Layout(width="100%"))
        self.actions.add_class("dwl-actions")
        self.reset_button = W.Button(icon="eraser", layout=W.Layout(width="auto"))
        self.reset_button.add_class("dwl-reset-answers")
        self.reset_feedback = Feedback(ctx)
        self.downloads_title = W.HTML()
        self.downloads = wrap_row([])
        super().__init__([
            W.HTML(CSS), self.title, self.intro, self.scale, self.progress, self.feedback,
            *boxes, wrap_row([self.reset_button]), self.reset_feedback,
            self.results_title, self.cards, self.chart, self.actions_title, self.actions,
            self.downloads_title, self.downloads,
        ], layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-gender-assessment")
        self.reset_button.on_click(safe_callback(ctx, self.reset_feedback)(self._reset_clicked))
        ctx.on_lang(safe_callback(ctx, self.feedback, clear=False)(self._lang_changed))
        self._relabel()
        self.update()

    # ------------------------------------------------------------------ public API
    @property
    def answers(self) -> dict[str, int]:
        return {code: int(b.value) for code, b in self.buttons.items() if b.value is not None}

    def on_change(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def answer(self, code: str, value: int | None) -> None:
        """Answer one question (as a participant's tap would)."""
        self.buttons[code].value = value

    def set_answers(self, answers: dict[str, int]) -> None:
        """Answer several questions at once (one update)."""
        for code, toggle in self.buttons.items():
            toggle.unobserve(self._answer_cb, names="value")
            try:
                if code in answers:
                    toggle.value = answers[code]
            finally:
                toggle.observe(self._answer_cb, names="value")
        self.update()

    def reset(self) -> None:
        for toggle in self.buttons.values():
            toggle.unobserve(self._answer_cb, names="value")
            try:
                toggle.value = None
            finally:
                toggle.observe(self._answer_cb, names="value")
        self.update()

    def update(self) -> None:
        t, lang = self.ctx.t, self.ctx.lang
        answers = self.answers
        self.result = self_assessment(answers, lang=lang)
        total = len(QUESTIONS)
        n = len(answers)
        self.progress.value = message(
            t(T_ALL_ANSWERED, total=total) if n == total else t(T_PROGRESS, n=n, total=total),
            "ok" if n == total else "info")
        spheres = self.result.spheres
        for sphere, title in self.sphere_titles.items():
            score, weak = float(spheres.loc[sphere, "score_pct"]), bool(spheres.loc[sphere, "weak"])
            badge = t(T_SPHERE_SCORE, score=pct(t, score, 0)) + (f" · {t(T_WEAK)}" if weak else "")
            title.value = (f"<h4>{esc(spheres.loc[sphere, 'label'])}"
                           f'<span class="dwl-badge{" weak" if weak else ""}">{esc(badge)}'
                           f"</span></h4>")
        self.cards.value = cards([
            (t(T_CARD_OVERALL), pct(t, self.result.overall, 0)),
            (t(T_CARD_WEAK), f"{int(spheres['weak'].sum())} / {len(spheres)}"),
            (t(T_CARD_ACTIONS), str(len(self.result.actions))),
        ])
        self._charts_changed()
        self.actions.value = self._actions_html()
        for callback in self._callbacks:
            callback()

    def _draw_charts(self) -> None:
        from modules.gender.charts import spheres_figure

        self.chart.value = png(spheres_figure(self.result, self.ctx.lang))

    # ------------------------------------------------------------------ internals
    def _answered(self, _change=None) -> None:
        self.update()

    def _reset_clicked(self, _b=None) -> None:
        self.reset()
        self.reset_feedback.show(T_RESET_DONE, kind="ok")

    def _lang_changed(self) -> None:
        self._relabel()
        self.update()

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = heading(t(T_TITLE))
        self.intro.value = paragraph(t(T_INTRO, weak=pct(t, WEAK_BELOW, 0)))
        self.scale.value = f'<div class="dwl-help"><b>{esc(t(T_SCALE))}</b></div>'
        self.results_title.value = heading(t(T_RESULTS))
        self.actions_title.value = heading(t(T_ACTIONS))
        self.reset_button.description = t(T_RESET)
        self.downloads_title.value = heading(t(T_DOWNLOADS))
        options = [(f"{k} · {t(SCALE[k])}", k) for k in range(SCALE_MAX + 1)]
        for q in QUESTIONS:
            self.question_texts[q.code].value = f"<div>{esc(t(q.text))}</div>"
            toggle = self.buttons[q.code]
            value = toggle.value
            # new labels reset the value: put it back without telling our callback
            toggle.unobserve(self._answer_cb, names="value")
            try:
                toggle.options = options
                toggle.value = value
                toggle.tooltips = [t(SCALE[k]) for k in range(SCALE_MAX + 1)]
            finally:
                toggle.observe(self._answer_cb, names="value")

    def _actions_html(self) -> str:
        t = self.ctx.t
        actions = self.result.actions
        if not len(actions):
            return message(t(T_NO_ACTIONS), "ok")
        items = "".join(f'<li><span class="sph">{esc(s)}:</span> {esc(a)}</li>'
                        for s, a in zip(actions["sphere_label"], actions["action"]))
        return f'<ol>{items}</ol><div class="dwl-help">{esc(t(T_ACTIONS_HINT))}</div>'
