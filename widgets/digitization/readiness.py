"""Step 3 of the cash-to-digital lab: is the enterprise ready to pay digitally, responsibly?

The workers' readiness survey is the case study's own survey when it has one (loaded with
the case), or a CSV/Excel file the participant uploads (read by
``modules.digitization.survey.load_survey``; problems shown on their rows, like the
register's). The scores, red flags, who is ready and the rollout waves all come from
``modules.digitization.readiness.assess`` and ``survey.rollout_order``; this view shows them.
"""
from __future__ import annotations

import ipywidgets as W
import numpy as np
import pandas as pd

from modules.digitization.readiness import CRITERIA, PRACTICES, assess
from modules.digitization.survey import (SURVEY_COLUMNS, STATUS_LABELS, empty_survey, load_survey,
                                         rollout_order, survey_template)
from modules.i18n import N_

from ..common import Busy, Feedback, esc, safe_callback, scroll_box, wrap_row
from ..context import LabContext
from ..download import DownloadButton
from .util import cards, csv_bytes, html_table, xlsx_bytes

T_TITLE = N_("Are your workers and your enterprise ready?")
T_INTRO = N_("A responsible move to digital pay follows the UN Principles for Responsible "
             "Digital Payments and Peru's Law 32413: each worker chooses freely, pays nothing, "
             "is paid in full and on time. Red flags say what to fix first.")
T_SURVEY = N_("Workers' readiness survey")
T_SURVEY_HINT = N_("Ask each worker: phone, smartphone, account, distance to a cash-out point, "
                   "how they prefer to be paid and whether they need help. Upload the answers "
                   "(CSV or Excel .xlsx):")
T_UPLOAD = N_("Upload the survey")
T_DL_TEMPLATE = N_("Survey template (CSV)")
T_SURVEY_CASE = N_("Survey of the case study loaded: {n} answers.")
T_SURVEY_FILE = N_("Loaded the survey {name}: {n} answers.")
T_NO_SURVEY = N_("No survey yet: upload your workers' answers to see who is ready.")
T_NO_WORKERS = N_("Load the workers first (step 1).")
T_PRACTICES = N_("Your enterprise's practices")
T_PRACTICES_HINT = N_("Answer what you know; “not answered” leaves the point out of the scores.")
T_NOT_ANSWERED = N_("not answered")
T_YES = N_("yes")
T_NO = N_("no")
T_RESULTS = N_("Results")
T_OVERALL = N_("Overall readiness score")
T_OUT_OF = N_("{score} out of 100")
T_NO_SCORE = N_("not assessed")
T_FLAGS = N_("Red flags and what to do")
T_NO_FLAGS = N_("No red flag. Keep checking on every payday.")
T_HIGH = N_("Required by law")
T_MEDIUM = N_("Important")
T_WHAT_TO_DO = N_("What to do:")
T_LAW = N_("What Law 32413 asks of the employer")
T_SCORES = N_("Score per principle")
T_WHO = N_("Who is ready")
T_WAVES = N_("Who moves on which payday")
T_WAVES_HINT = N_("Workers move over four paydays, the most vulnerable last, with support first.")
T_WAVE = N_("Payday {n}")
T_SURVEY_PROBLEMS_ROW = N_("Row {row}")
T_DOWNLOADS = N_("Download")
T_DL_XLSX = N_("Readiness (Excel)")
T_DL_CSV = N_("Rollout order (CSV)")
T_BUSY = N_("Loading…")
T_MORE = N_("…and {n} more (see the table).")
FILE_STEM = N_("readiness")
FILE_ROLLOUT = N_("rollout_order")
SHEET_SCORES = N_("Scores")
SHEET_FLAGS = N_("Red flags")
SHEET_WORKERS = N_("Workers")
SHEET_ROLLOUT = N_("Rollout")
H_PRINCIPLE = N_("Principle")
H_SCORE = N_("Score")
H_BASIS = N_("How it was measured")
H_OBLIGATION = N_("Obligation")
H_STATUS = N_("Status")
H_ROW = N_("Row")
H_CODE = N_("Code")
H_NAME = N_("Full name")
H_REASONS = N_("Why")
H_PAYDAY = N_("Payday")
H_FIELD = N_("Column")
H_MESSAGE = N_("Message")
H_FLAG = N_("Red flag")
H_ACTIONS = N_("What to do")
H_LEVEL = N_("Level")

_CRITERION_LABEL = {c.code: c.label for c in CRITERIA}
_STATUS_CLASS = {"ready": "dwl-ok", "needs_support": "dwl-warn", "not_ready": "dwl-bad"}


class ReadinessView(W.VBox):
    """Survey (case study's or uploaded), practices, scores, red flags, who is ready, waves.

    State: ``survey`` and ``survey_problems`` (or ``None``), ``readiness`` (the last
    :class:`~modules.digitization.readiness.Readiness`), ``rollout`` (``rollout_order`` of the
    register's surveyed workers), ``fees_charged_to_workers`` (from the business case).
    """

    def __init__(self, ctx: LabContext, editor, **kwargs):
        self.ctx, self.editor = ctx, editor
        self.survey: pd.DataFrame | None = None
        self.survey_problems = None
        self.readiness = None
        self.rollout: pd.DataFrame | None = None
        self.fees_charged_to_workers = False
        self._survey_origin: tuple | None = None  # ("case", case_id) | ("file", name, bytes)
        self._quiet = False  # relabelling the practice dropdowns is not an answer

        self.title, self.intro = W.HTML(), W.HTML()
        self.feedback = Feedback(ctx)
        self.survey_title, self.survey_hint = W.HTML(), W.HTML()
        self.survey_status = Feedback(ctx)
        self.upload = W.FileUpload(accept=".csv,.xlsx,.txt", multiple=False,
                                   layout=W.Layout(width="auto"))
        self.upload.add_class("dwl-survey-upload")
        self.upload_busy = Busy(ctx, T_BUSY)
        self.upload_feedback = Feedback(ctx)
        self.template_button = DownloadButton(ctx, T_DL_TEMPLATE, self.build_template,
                                              css_class="dwl-dl-survey-template")
        self.survey_problems_html = W.HTML(layout=W.Layout(width="100%"))
        self.survey_problems_html.add_class("dwl-survey-problems")

        self.practices_title, self.practices_hint = W.HTML(), W.HTML()
        self.practice_labels = {name: W.HTML() for name in PRACTICES}
        self.practice_inputs = {name: W.Dropdown(options=self._practice_options(), value="",
                                                 layout=W.Layout(width="auto", min_width="9em"))
                                for name in PRACTICES}
        practice_boxes = []
        for name in PRACTICES:
            box = W.VBox([self.practice_labels[name], self.practice_inputs[name]],
                         layout=W.Layout(flex="1 1 14em", min_width="12em", max_width="100%",
                                         margin="2px 8px 6px 0"))
            box.add_class("dwl-field")
            self.practice_inputs[name].add_class(f"dwl-practice-{name}")
            practice_boxes.append(box)

        self.results_title = W.HTML()
        self.cards = W.HTML(layout=W.Layout(width="100%"))
        self.cards.add_class("dwl-ready-cards")
        self.flags_title = W.HTML()
        self.flags = W.HTML(layout=W.Layout(width="100%"))
        self.flags.add_class("dwl-ready-flags")
        self.law_title = W.HTML()
        self.law = W.HTML()
        self.scores_title = W.HTML()
        self.scores = W.HTML()
        self.scores.add_class("dwl-ready-scores")
        self.who_title = W.HTML()
        self.who = W.HTML()
        self.who.add_class("dwl-ready-who")
        self.waves_title, self.waves_hint = W.HTML(), W.HTML()
        self.waves = W.HTML(layout=W.Layout(width="100%"))
        self.waves.add_class("dwl-ready-waves")
        self.downloads_title = W.HTML()
        self.xlsx_button = DownloadButton(ctx, T_DL_XLSX, self.build_xlsx,
                                          css_class="dwl-dl-readiness-xlsx")
        self.csv_button = DownloadButton(ctx, T_DL_CSV, self.build_csv,
                                         css_class="dwl-dl-rollout-csv")

        super().__init__([
            self.title, self.intro, self.feedback, self.survey_status,
            self.results_title, self.cards,
            self.flags_title, self.flags,
            self.survey_title, self.survey_hint,
            wrap_row([self.upload, self.upload_busy, self.template_button]),
            self.upload_feedback, self.survey_problems_html,
            self.practices_title, self.practices_hint,
            W.Box(practice_boxes, layout=W.Layout(display="flex", flex_flow="row wrap",
                                                  width="100%")),
            self.law_title, self.law,
            self.scores_title, scroll_box(self.scores),
            self.who_title, scroll_box(self.who, max_height="360px"),
            self.waves_title, self.waves_hint, self.waves,
            self.downloads_title, wrap_row([self.xlsx_button, self.csv_button]),
        ], layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-readiness")

        self._safe_upload = safe_callback(ctx, self.upload_feedback, self.upload_busy,
                                          self.upload)(self._uploaded)
        self.upload.observe(self._upload_changed, names="value")
        refresh = safe_callback(ctx, self.feedback, clear=False)(self._practice_changed)
        for dropdown in self.practice_inputs.values():
            dropdown.observe(refresh, names="value")
        ctx.on_lang(safe_callback(ctx, self.feedback, clear=False)(self._lang_changed))
        self._relabel()
        self.refresh()

    # ------------------------------------------------------------------ public API
    @property
    def practices(self) -> dict:
        return {name: d.value == "yes" for name, d in self.practice_inputs.items() if d.value}

    def source_changed(self) -> None:
        """A new register was loaded in step 1: its case study's survey, or none."""
        case_id = self.editor.case_id
        self.upload_feedback.clear()
        survey_file = None
        if case_id:
            from modules.casestudies import load_case_study

            survey_file = load_case_study(case_id, lang=self.ctx.lang).survey_file
        if survey_file is not None:
            self._survey_origin = ("case", case_id, survey_file.read_bytes())
        else:
            self._survey_origin = None
        self._read_survey()
        self.refresh()

    def load_bytes(self, data: bytes, name: str = "") -> None:
        """Read a participant's survey file (a ``SurveyError`` keeps the survey in force)."""
        load_survey(bytes(data), lang=self.ctx.lang, workers=self.editor.workers)  # may raise
        self._survey_origin = ("file", name, bytes(data))
        self._read_survey()
        self.refresh()

    def set_fees_charged(self, charged: bool) -> None:
        if bool(charged) != self.fees_charged_to_workers:
            self.fees_charged_to_workers = bool(charged)
            self.refresh()

    def refresh(self) -> None:
        """Assess again with the register, the survey and the practices in force."""
        t = self.ctx.t
        workers = self.editor.workers
        if workers is None or workers.empty:
            self.readiness, self.rollout = None, None
            for w in (self.cards, self.flags, self.law, self.scores, self.who, self.waves):
                w.value = ""
            self.feedback.show(T_NO_WORKERS, kind="info")
            return
        if self.feedback.text == t(T_NO_WORKERS):
            self.feedback.clear()
        self.readiness = assess(workers, self.survey, lang=self.ctx.lang,
                                fees_charged_to_workers=self.fees_charged_to_workers,
                                practices=self.practices)
        r = self.readiness
        self.rollout = None
        if r.classification is not None and len(r.classification):
            surveyed = self.survey.drop_duplicates("worker_id", keep="first")
            surveyed = surveyed[surveyed["worker_id"].isin(workers["worker_id"].astype("str"))]
            self.rollout = rollout_order(surveyed, lang=self.ctx.lang)
        self._show_cards()
        self.flags.value = self._flags_html()
        self.law.value = self._law_html()
        self.scores.value = self._scores_html()
        self.who.value = self._who_html()
        self.waves.value = self._waves_html()

    # ------------------------------------------------------------------ downloads
    def build_template(self):
        return f"{self.ctx.t(N_('readiness_survey_template'))}.csv", survey_template(self.ctx.lang)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The readiness tables with translated headers (for the downloads)."""
        t, r = self.ctx.t, self.readiness
        if r is None:
            return {}
        scores = pd.DataFrame({"#": r.scores["principle"], t(H_PRINCIPLE): r.scores["name"],
                               t(H_SCORE): r.scores["score"], t(H_BASIS): r.scores["basis"]})
        flags = pd.DataFrame({
            t(H_FLAG): r.flags["reason"],
            t(H_LEVEL): [t(T_HIGH) if s == "high" else t(T_MEDIUM) for s in r.flags["severity"]],
            t(H_ACTIONS): r.flags["actions"].str.replace("\n", " · ", regex=False)})
        out = {t(SHEET_SCORES): scores, t(SHEET_FLAGS): flags}
        who = self._who_frame()
        if who is not None:
            out[t(SHEET_WORKERS)] = who
        if self.rollout is not None:
            out[t(SHEET_ROLLOUT)] = self._rollout_frame()
        return out

    def build_xlsx(self):
        tables = self.tables()
        if not tables:
            return None
        return f"{self.ctx.t(FILE_STEM)}.xlsx", xlsx_bytes(tables)

    def build_csv(self):
        if self.rollout is None:
            return None
        return f"{self.ctx.t(FILE_ROLLOUT)}.csv", csv_bytes(self._rollout_frame())

    # ------------------------------------------------------------------ internals
    def _practice_options(self):
        t = self.ctx.t
        # a string for "not answered": a Dropdown shows no label for the value None
        return [(t(T_NOT_ANSWERED), ""), (t(T_YES), "yes"), (t(T_NO), "no")]

    def _read_survey(self) -> None:
        origin = self._survey_origin
        if origin is None:
            self.survey, self.survey_problems = None, None
            self._show_survey_status()
            return
        self.survey, self.survey_problems = load_survey(origin[2], lang=self.ctx.lang,
                                                        workers=self.editor.workers)
        self._show_survey_status()

    def _show_survey_status(self) -> None:
        origin = self._survey_origin
        if origin is None:
            self.survey_status.show(T_NO_SURVEY, kind="info")
        elif origin[0] == "case":
            self.survey_status.show(T_SURVEY_CASE, kind="ok", n=len(self.survey))
        else:
            self.survey_status.show(T_SURVEY_FILE, kind="ok", name=origin[1], n=len(self.survey))
        self.survey_problems_html.value = self._survey_problems_html()

    def _survey_problems_html(self) -> str:
        t, p = self.ctx.t, self.survey_problems
        if p is None or p.empty:
            return ""
        labels = {c.name: t(c.label) for c in SURVEY_COLUMNS}
        out = []
        for kind in ("error", "warning"):
            frame = p[(p["severity"] == "error") == (kind == "error")]
            if frame.empty:
                continue
            if kind == "error":
                heading = t.ngettext("{n} problem to fix:", "{n} problems to fix:", len(frame))
            else:
                heading = t.ngettext("{n} point to check:", "{n} points to check:", len(frame))
            items = [f"<li><b>{esc(t(T_SURVEY_PROBLEMS_ROW, row=int(r)))} · "
                     f"{esc(labels.get(f, f))}</b>: {esc(m)}</li>"
                     for r, f, m in list(zip(frame["row"], frame["field"], frame["message"]))[:8]]
            if len(frame) > 8:
                items.append(f"<li>{esc(t(T_MORE, n=len(frame) - 8))}</li>")
            out.append(f'<div class="dwl-msg dwl-msg-{kind}"><b>⚠ {esc(heading)}</b>'
                       f'<ul style="margin:4px 0 0 0;padding-left:1.2em">{"".join(items)}</ul></div>')
        return "".join(out)

    def _show_cards(self) -> None:
        t, r = self.ctx.t, self.readiness
        score = t(T_NO_SCORE) if np.isnan(r.overall) else t(T_OUT_OF, score=t.number(r.overall, 0))
        items = [(t(T_OVERALL), score)]
        if r.classification is not None:
            counts = r.classification["status"].value_counts()
            items += [(t(STATUS_LABELS[s]), str(int(counts.get(s, 0))))
                      for s in ("ready", "needs_support", "not_ready")]
        self.cards.value = cards(items)

    def _flags_html(self) -> str:
        t, flags = self.ctx.t, self.readiness.flags
        if flags.empty:
            return f'<div class="dwl-msg dwl-msg-ok">✔ {esc(t(T_NO_FLAGS))}</div>'
        parts = []
        for code, severity, reason, actions in zip(flags["code"], flags["severity"],
                                                    flags["reason"], flags["actions"]):
            kind = "error" if severity == "high" else "warning"
            level = t(T_HIGH) if severity == "high" else t(T_MEDIUM)
            items = "".join(f"<li>{esc(a)}</li>" for a in str(actions).split("\n") if a)
            parts.append(
                f'<div class="dwl-msg dwl-msg-{kind} dwl-redflag dwl-redflag-{esc(code)}" role="alert">'
                f'<b>⚠ {esc(level)}:</b> {esc(reason)}'
                f'<div style="margin-top:4px"><b>{esc(t(T_WHAT_TO_DO))}</b></div>'
                f'<ul style="margin:2px 0 0 0;padding-left:1.2em">{items}</ul></div>')
        return "".join(parts)

    def _law_html(self) -> str:
        t, law = self.ctx.t, self.readiness.law
        icon = {"met": "✔", "not_met": "✘", "not_assessed": "?"}
        rows = [[f"{icon.get(s, '')} {label}", name]
                for name, s, label in zip(law["name"], law["status"], law["status_label"])]
        return html_table([t(H_STATUS), t(H_OBLIGATION)], rows, css="dwl-wrap")

    def _scores_html(self) -> str:
        t, s = self.ctx.t, self.readiness.scores
        rows = []
        for number, name, score, basis in zip(s["principle"], s["name"], s["score"], s["basis"]):
            shown = "—" if np.isnan(score) else t.number(score, 0)
            rows.append([f"{number}. {name}", shown, basis])
        return html_table([t(H_PRINCIPLE), t(H_SCORE), t(H_BASIS)], rows, numeric=(1,),
                          css="dwl-wrap")

    def _who_frame(self) -> pd.DataFrame | None:
        t, r = self.ctx.t, self.readiness
        if r is None or r.classification is None:
            return None
        c = r.classification
        w = self.editor.workers.loc[c.index]
        names = (w["first_name"].astype("str").fillna("") + " "
                 + w["last_name"].astype("str").fillna("")).str.strip()
        return pd.DataFrame({t(H_ROW): c.index.astype(int), t(H_CODE): c["worker_id"],
                             t(H_NAME): names.to_numpy(),
                             t(H_STATUS): [t(STATUS_LABELS[s]) for s in c["status"]],
                             t(H_REASONS): c["reasons"]})

    def _who_html(self) -> str:
        t = self.ctx.t
        frame = self._who_frame()
        if frame is None:
            return ""
        statuses = self.readiness.classification["status"].tolist()
        return html_table(list(frame.columns), frame.astype("str").to_numpy().tolist(),
                          numeric=(0,), css="dwl-wrap",
                          row_classes=[_STATUS_CLASS[s] for s in statuses])

    def _rollout_frame(self) -> pd.DataFrame:
        t = self.ctx.t
        ro = self.rollout
        workers = self.editor.workers
        by_code = pd.Series(workers.index, index=workers["worker_id"].astype("str"))
        by_code = by_code[~by_code.index.duplicated()]
        rows = by_code.reindex(ro["worker_id"]).to_numpy()
        w = workers.loc[rows]
        names = (w["first_name"].astype("str") + " " + w["last_name"].astype("str")).str.strip()
        return pd.DataFrame({t(H_PAYDAY): ro["wave"].to_numpy(), t(H_ROW): rows.astype(int),
                             t(H_CODE): ro["worker_id"].to_numpy(), t(H_NAME): names.to_numpy(),
                             t(H_REASONS): ro["reason"].to_numpy()})

    def _waves_html(self) -> str:
        t = self.ctx.t
        if self.rollout is None:
            return ""
        frame = self._rollout_frame()
        parts = []
        for wave, group in frame.groupby(t(H_PAYDAY), sort=True):
            names = ", ".join(f"{n} ({c})" for n, c in zip(group[t(H_NAME)], group[t(H_CODE)]))
            count = t.ngettext("{n} worker", "{n} workers", len(group))
            parts.append(f'<div class="dwl-card dwl-wave"><div class="k">{esc(t(T_WAVE, n=int(wave)))}'
                         f' · {esc(count)}</div><div class="dwl-wave-names">{esc(names)}</div></div>')
        return f'<div class="dwl-cards">{"".join(parts)}</div>'

    def _upload_changed(self, change) -> None:
        if change["new"]:
            self._safe_upload(change["new"][0])

    def _uploaded(self, item) -> None:
        try:
            self.load_bytes(bytes(item["content"]), name=str(item.get("name", "")))
        finally:
            self.upload.value = ()

    def _practice_changed(self, _change=None) -> None:
        if not self._quiet:
            self.refresh()

    def _lang_changed(self) -> None:
        self._relabel()
        if self._survey_origin is not None:
            self._read_survey()
        else:
            self._show_survey_status()
        self.refresh()

    def _relabel(self) -> None:
        t = self.ctx.t
        h = lambda msgid: f"<h3>{esc(t(msgid))}</h3>"  # noqa: E731
        self.title.value = h(T_TITLE)
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'
        self.survey_title.value = h(T_SURVEY)
        self.survey_hint.value = f'<p class="dwl-intro">{esc(t(T_SURVEY_HINT))}</p>'
        self.upload.description = t(T_UPLOAD)
        self.practices_title.value = h(T_PRACTICES)
        self.practices_hint.value = f'<p class="dwl-intro">{esc(t(T_PRACTICES_HINT))}</p>'
        self._quiet = True
        try:
            for name in PRACTICES:
                label = t(_CRITERION_LABEL[name])
                self.practice_labels[name].value = f"<b>{esc(label[:1].upper() + label[1:])}</b>"
                d = self.practice_inputs[name]
                value = d.value
                d.options = self._practice_options()
                d.value = value
        finally:
            self._quiet = False
        self.results_title.value = h(T_RESULTS)
        self.flags_title.value = h(T_FLAGS)
        self.law_title.value = h(T_LAW)
        self.scores_title.value = h(T_SCORES)
        self.who_title.value = h(T_WHO)
        self.waves_title.value = h(T_WAVES)
        self.waves_hint.value = f'<p class="dwl-intro">{esc(t(T_WAVES_HINT))}</p>'
        self.downloads_title.value = h(T_DOWNLOADS)


__all__ = ["ReadinessView", "empty_survey"]
