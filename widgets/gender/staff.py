"""Step 1 of the gender-equality lab: the staff table (a case study or the participant's file).

Case studies come from ``datasets/staff/manifest.yaml`` (``modules.gender.staff_cases``); a
file is read by ``modules.gender.load_staff``, whose problems (row, field, message) are shown
in the participant's language above the table and under the row they concern. A file that
cannot be read leaves the staff already loaded as it is.
"""
from __future__ import annotations

from typing import Callable

import ipywidgets as W
import numpy as np
import pandas as pd

from modules.gender import STAFF_COLUMNS, load_staff, staff_cases
from modules.gender.report import NO, YES
from modules.gender.staff import DATASETS_DIR, SEX_LABELS, role_label, usable
from modules.gender.text import rupiah
from modules.i18n import N_

from ..common import Busy, Feedback, esc, safe_callback, scroll_box, wrap_row
from ..context import LabContext
from ..download import DownloadButton
from .util import H_MEN, H_WOMEN, cards, csv_bytes, heading, paragraph

T_TITLE = N_("Your staff")
T_INTRO = N_("Start with one of three example enterprises (invented figures) or upload your own "
             "staff table: one row per worker, with a worker code instead of the name.")
T_CASES = N_("Example enterprises (one click):")
T_UPLOAD_HINT = N_("…or upload your own staff table (CSV or Excel .xlsx):")
T_UPLOAD = N_("Upload file")
T_COLUMNS = N_("Which columns does the table need?")
T_COLUMNS_HINT = N_("The first row holds the column names, in Bahasa Indonesia, English or "
                    "Spanish. Sex, role and monthly pay are required; the others make the "
                    "comparison fairer.")
T_COLUMN_HELP = {
    "worker_id": N_("a code such as G001; never a name or an ID card number"),
    "sex": N_("F (woman) or M (man); P/L or perempuan/laki-laki also work"),
    "role": N_("the job, e.g. sewing operator, mechanic"),
    "grade": N_("pay grade or level, e.g. 1, 2, 3"),
    "tenure_years": N_("years with the enterprise, e.g. 2.5"),
    "weekly_hours": N_("contractual hours a week, e.g. 40"),
    "monthly_pay": N_("gross monthly pay in rupiah, e.g. 5450000"),
    "trained_last_year": N_("yes or no"),
    "promoted_last_year": N_("yes or no"),
}
T_TEMPLATE = N_("Template with an example (CSV)")
T_STAFF_TABLE = N_("Staff table")
T_NO_STAFF = N_("No staff table yet: pick an example enterprise or upload a file.")
T_LOADED_CASE = N_("Loaded the example “{title}”: {n} workers.")
T_LOADED_FILE = N_("Loaded the file {name}: {n} workers.")
T_LEARNING = N_("What to look for in this example")
T_SYNTHETIC = N_("Invented figures for training; pay is above the DKI Jakarta minimum wage 2025.")
T_CARD_WORKERS = N_("Workers")
T_CARD_LEFT_OUT = N_("Rows left out")
T_PROBLEMS = N_("{n} problems to check in the file (rows with an error are left out of the "
                "analysis; the others are used):")
T_PROBLEM = N_("Row {row} · {field}: {problem}")
T_MORE = N_("…and {n} more (see the table).")
T_ALL_OK = N_("No problems found in the table.")
T_BUSY_LOADING = N_("Loading…")
H_ROW = N_("Row")
FILE_TEMPLATE = N_("staff_template")

MAX_PROBLEMS_LISTED = 12

CSS = """
<style>
.dwl-gender-lab .dwl-case-card { flex: 1 1 15em; min-width: 0; border: 1px solid #cfd8dc;
  border-radius: 6px; padding: 6px 8px; margin: 0 8px 8px 0; background: #fafafa; }
.dwl-gender-lab .dwl-case-card button.dwl-case { width: 100%; font-weight: 600; }
.dwl-gender-lab .dwl-case-desc { font-size: 0.88em; color: #37474f; line-height: 1.35;
  margin-top: 4px; }
.dwl-gender-lab .dwl-learning { background: #f3e5f5; border-left: 4px solid #8e44ad;
  padding: 6px 10px; margin: 6px 0; line-height: 1.4; }
.dwl-gender-lab .dwl-learning ul { margin: 4px 0 0 0; padding-left: 1.3em; }
.dwl-gender-lab details.dwl-columns { margin: 6px 0; }
.dwl-gender-lab details.dwl-columns summary { cursor: pointer; color: #1565c0; font-weight: 600; }
.dwl-gender-lab details.dwl-columns li { margin: 2px 0; line-height: 1.35; }
.dwl-gender-lab .dwl-problem-list ul { margin: 4px 0; padding-left: 1.2em; line-height: 1.35; }
</style>
"""


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA


class StaffView(W.VBox):
    """Case buttons, upload, template, problems and the staff table.

    State: ``staff`` (the loaded table or ``None``), ``problems``, ``source`` (``("case",
    id)`` or ``("file", name)``), ``title`` (the case's title or the file's name).
    ``on_loaded(callback)``: ``callback(staff)`` is called with each newly read table before
    it replaces the current one (an exception there leaves everything as it was).
    """

    def __init__(self, ctx: LabContext, **kwargs):
        self.ctx = ctx
        self.staff: pd.DataFrame | None = None
        self.problems: pd.DataFrame | None = None
        self.source: tuple[str, str] | None = None
        self._raw: bytes | None = None
        self._callbacks: list[Callable[[], None]] = []
        self._changed_callbacks: list[Callable[[], None]] = []

        self.title = W.HTML()
        self.intro = W.HTML()
        self.cases_title = W.HTML()
        self.case_buttons: dict[str, W.Button] = {}
        self.case_texts: dict[str, W.HTML] = {}
        self._case_cards: dict[str, W.VBox] = {}
        self.load_busy = Busy(ctx, T_BUSY_LOADING)
        self.load_feedback = Feedback(ctx)
        self.cases_box = W.Box(layout=W.Layout(display="flex", flex_flow="row wrap",
                                               width="100%"))
        self.learning = W.HTML(layout=W.Layout(width="100%"))
        self.upload_hint = W.HTML()
        self.upload = W.FileUpload(accept=".csv,.xlsx,.xls,.txt", multiple=False,
                                   layout=W.Layout(width="auto"))
        self.upload.add_class("dwl-upload")
        self.upload_busy = Busy(ctx, T_BUSY_LOADING)
        self.upload_feedback = Feedback(ctx)
        self.columns_help = W.HTML(layout=W.Layout(width="100%"))
        self.template_button = DownloadButton(ctx, T_TEMPLATE, self.build_template,
                                              css_class="dwl-dl-staff-template")
        self.summary = W.HTML(layout=W.Layout(width="100%"))
        self.summary.add_class("dwl-staff-summary")
        self.problem_list = W.HTML(layout=W.Layout(width="100%"))
        self.problem_list.add_class("dwl-problem-list")
        self.table_title = W.HTML()
        self.table = W.HTML()
        self.table.add_class("dwl-staff-table")
        super().__init__([
            W.HTML(CSS), self.title, self.intro, self.cases_title, self.cases_box,
            wrap_row([self.load_busy]), self.load_feedback, self.learning,
            self.upload_hint, wrap_row([self.upload, self.upload_busy]), self.upload_feedback,
            self.columns_help, wrap_row([self.template_button]),
            self.summary, self.problem_list, self.table_title,
            scroll_box(self.table, max_height="420px"),
        ], layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-gender-staff")

        self._safe_upload = safe_callback(ctx, self.upload_feedback, self.upload_busy,
                                          self.upload)(self._uploaded)
        self.upload.observe(self._upload_changed, names="value")
        ctx.on_lang(safe_callback(ctx, self.load_feedback, clear=False)(self._lang_changed))
        self._build_cases()
        self._relabel()
        self._refresh()

    # ------------------------------------------------------------------ public API
    def on_loaded(self, callback: Callable[[pd.DataFrame], None]) -> None:
        """``callback(staff)`` before a new staff table is taken (it may refuse it by raising)."""
        self._callbacks.append(callback)

    def on_changed(self, callback: Callable[[], None]) -> None:
        """``callback()`` once a new staff table is in place (e.g. to save the work)."""
        self._changed_callbacks.append(callback)

    @property
    def title_text(self) -> str:
        """The loaded case's title (in the current language) or the file's name."""
        if self.source is None:
            return ""
        kind, name = self.source
        if kind == "case":
            cases = staff_cases(self.ctx.lang)
            match = cases[cases["id"] == name]
            return str(match["title"].iloc[0]) if len(match) else name
        return name

    def load_case(self, case_id: str) -> None:
        """Load a bundled staff table (replaces the current one)."""
        path = DATASETS_DIR / f"{case_id}.csv"
        staff, problems = load_staff(path, self.ctx.lang)
        self._set(staff, problems, ("case", case_id), None)
        self.load_feedback.show(T_LOADED_CASE, kind="ok", title=self.title_text, n=len(staff))
        self.upload_feedback.clear()

    def load_bytes(self, data: bytes, name: str = "") -> None:
        """Load a participant's file. A file that cannot be read raises ``StaffError``
        (translated) and leaves the current staff as it is."""
        raw = bytes(data)
        staff, problems = load_staff(raw, self.ctx.lang)  # may raise StaffError
        self._set(staff, problems, ("file", name or "staff.csv"), raw)
        self.upload_feedback.show(T_LOADED_FILE, kind="ok", name=self.title_text, n=len(staff))
        self.load_feedback.clear()

    def build_template(self):
        """A CSV with the columns in the participant's language and three example rows that
        the lab reads back without a problem."""
        t = self.ctx.t
        rows = [
            ("W001", "F", "sewing operator", "1", 3.5, 40, 5450000, True, False),
            ("W002", "M", "mechanic", "3", 6.0, 40, 7300000, True, True),
            ("W003", "F", "quality checker", "2", 1.0, 40, 5900000, False, False),
        ]
        frame = pd.DataFrame(rows, columns=[c.name for c in STAFF_COLUMNS])
        frame["role"] = [role_label(v, self.ctx.lang) for v in frame["role"]]
        for c in STAFF_COLUMNS:
            if c.type == "bool":
                frame[c.name] = np.where(frame[c.name], t(YES), t(NO))
        frame.columns = [t(c.label) for c in STAFF_COLUMNS]
        return f"{t(FILE_TEMPLATE)}.csv", csv_bytes(frame)

    # ------------------------------------------------------------------ internals
    def _set(self, staff, problems, source, raw) -> None:
        # the other steps take the new staff first: if one of them fails, nothing changes
        for callback in self._callbacks:
            callback(staff)
        self.staff, self.problems, self.source, self._raw = staff, problems, source, raw
        self._refresh()
        for callback in self._changed_callbacks:
            callback()

    def _upload_changed(self, change) -> None:
        if change["new"]:  # emptied after each upload: nothing to do then
            self._safe_upload(change["new"][0])

    def _uploaded(self, item) -> None:
        try:
            self.load_bytes(bytes(item["content"]), name=str(item.get("name", "")))
        finally:
            self.upload.value = ()  # the same file can be chosen again

    def _lang_changed(self) -> None:
        # the problems' messages are written in the language of the load: read again
        if self.source is not None:
            kind, name = self.source
            if kind == "case":
                self.staff, self.problems = load_staff(DATASETS_DIR / f"{name}.csv",
                                                       self.ctx.lang)
            elif self._raw is not None:
                self.staff, self.problems = load_staff(self._raw, self.ctx.lang)
        self._build_cases()
        self._relabel()
        self._refresh()

    def _build_cases(self) -> None:
        """One card per example enterprise: a button with its title, its description below
        (the widgets are made once and relabelled when the language changes)."""
        try:
            cases = staff_cases(self.ctx.lang)
        except Exception as exc:  # noqa: BLE001 - the lab still works with uploads
            from ..common import report_exception

            report_exception(exc, where="StaffView.case studies")
            cases = pd.DataFrame(columns=["id", "title", "description"])
        boxes = []
        for case_id, title, description in zip(cases["id"], cases["title"],
                                               cases["description"]):
            if case_id not in self.case_buttons:
                button = W.Button(icon="folder-open", layout=W.Layout(width="100%",
                                                                       max_width="100%"))
                button.add_class("dwl-case")
                button.add_class(f"dwl-case-{case_id}")
                button.on_click(safe_callback(self.ctx, self.load_feedback, self.load_busy,
                                              button)(lambda _b, cid=case_id: self.load_case(cid)))
                self.case_buttons[case_id] = button
                self.case_texts[case_id] = W.HTML()
                self._case_cards[case_id] = W.VBox([button, self.case_texts[case_id]])
                self._case_cards[case_id].add_class("dwl-case-card")
            self.case_buttons[case_id].description = title
            self.case_buttons[case_id].tooltip = description
            self.case_texts[case_id].value = (f'<div class="dwl-case-desc">{esc(description)}'
                                              f"</div>")
            boxes.append(self._case_cards[case_id])
        self.cases_box.children = boxes

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = heading(t(T_TITLE))
        self.intro.value = paragraph(t(T_INTRO))
        self.cases_title.value = f"<b>{esc(t(T_CASES))}</b>"
        self.upload_hint.value = f"<div>{esc(t(T_UPLOAD_HINT))}</div>"
        self.upload.description = t(T_UPLOAD)
        items = "".join(f"<li><b>{esc(t(c.label))}</b>{' *' if c.required else ''}: "
                        f"{esc(t(T_COLUMN_HELP[c.name]))}</li>" for c in STAFF_COLUMNS)
        self.columns_help.value = (
            f'<details class="dwl-columns"><summary>{esc(t(T_COLUMNS))}</summary>'
            f'<p class="dwl-help">{esc(t(T_COLUMNS_HINT))}</p><ul>{items}</ul></details>')

    def _refresh(self) -> None:
        t = self.ctx.t
        self._show_learning()
        if self.staff is None:
            self.summary.value = f'<div class="dwl-msg dwl-msg-info">ℹ {esc(t(T_NO_STAFF))}</div>'
            self.problem_list.value = ""
            self.table_title.value = ""
            self.table.value = ""
            return
        self.table_title.value = heading(t(T_STAFF_TABLE))
        staff = self.staff
        ok = usable(staff)
        women = int((ok & (staff["sex"] == "F")).sum())
        men = int((ok & (staff["sex"] == "M")).sum())
        self.summary.value = cards([
            (t(T_CARD_WORKERS), str(len(staff))), (t(H_WOMEN), str(women)),
            (t(H_MEN), str(men)), (t(T_CARD_LEFT_OUT), str(int((~ok).sum()))),
        ])
        self.problem_list.value = self._problems_html()
        self.table.value = self._table_html()

    def _show_learning(self) -> None:
        t = self.ctx.t
        if self.source is None or self.source[0] != "case":
            self.learning.value = ""
            return
        cases = staff_cases(self.ctx.lang)
        match = cases[cases["id"] == self.source[1]]
        if not len(match):
            self.learning.value = ""
            return
        points = "".join(f"<li>{esc(p)}</li>" for p in match["learning_points"].iloc[0])
        synthetic = (f'<div class="dwl-help">{esc(t(T_SYNTHETIC))}</div>'
                     if bool(match["synthetic"].iloc[0]) else "")
        self.learning.value = (f'<div class="dwl-learning"><b>{esc(t(T_LEARNING))}</b>'
                               f"<ul>{points}</ul>{synthetic}</div>")

    def _field_label(self, name: str) -> str:
        for c in STAFF_COLUMNS:
            if c.name == name:
                return self.ctx.t(c.label)
        return name

    def _problems_html(self) -> str:
        t = self.ctx.t
        problems = self.problems
        if problems is None or problems.empty:
            if self.source and self.source[0] == "file":
                return f'<div class="dwl-msg dwl-msg-ok">✔ {esc(t(T_ALL_OK))}</div>'
            return ""
        shown = problems.head(MAX_PROBLEMS_LISTED)
        items = "".join(
            f'<li class="{"err" if s == "error" else "warn"}">'
            f"{esc(t(T_PROBLEM, row=int(r), field=self._field_label(f), problem=m))}</li>"
            for r, f, s, m in zip(shown["row"], shown["field"], shown["severity"],
                                  shown["message"]))
        more = (f"<div>{esc(t(T_MORE, n=len(problems) - len(shown)))}</div>"
                if len(problems) > len(shown) else "")
        kind = "error" if (problems["severity"] == "error").any() else "warning"
        return (f'<div class="dwl-msg dwl-msg-{kind} dwl-field-msg" role="alert">'
                f"⚠ {esc(t(T_PROBLEMS, n=len(problems)))}<ul>{items}</ul>{more}</div>")

    def _table_html(self) -> str:
        t = self.ctx.t
        staff = self.staff
        headers = [t(H_ROW)] + [t(c.label) for c in STAFF_COLUMNS]
        numeric = {0, 5, 6, 7}
        by_row: dict[int, list[tuple[str, str, str]]] = {}
        if self.problems is not None:
            for r, f, s, m in zip(self.problems["row"], self.problems["field"],
                                  self.problems["severity"], self.problems["message"]):
                by_row.setdefault(int(r), []).append((f, s, m))
        sex = {k: t(v) for k, v in SEX_LABELS.items()}
        yes, no = t(YES), t(NO)
        body = []
        columns = {c.name: staff[c.name].to_numpy(dtype=object) for c in STAFF_COLUMNS}
        for i, row in enumerate(staff.index):
            cells = [str(int(row))]
            for c in STAFF_COLUMNS:
                v = columns[c.name][i]
                if _blank(v):
                    cells.append("")
                elif c.type == "sex":
                    cells.append(sex.get(v, str(v)))
                elif c.type == "bool":
                    cells.append(yes if v else no)
                elif c.type == "money":
                    cells.append(rupiah(t, v))
                elif c.type == "number":
                    cells.append(t.number(float(v), 1 if c.name == "tenure_years" else 0))
                elif c.name == "role":
                    cells.append(role_label(v, self.ctx.lang))
                else:
                    cells.append(str(v))
            found = by_row.get(int(row), [])
            kind = ("error" if any(s == "error" for _f, s, _m in found) else "warning") \
                if found else ""
            css = f' class="dwl-row-{kind}"' if kind else ""
            tds = "".join(f'<td class="{"num" if j in numeric else ""}">{esc(v)}</td>'
                          for j, v in enumerate(cells))
            body.append(f"<tr{css}>{tds}</tr>")
            if found:
                text = " ".join(f"⚠ {self._field_label(f)}: {m}" for f, _s, m in found)
                body.append(f'<tr class="dwl-row-{kind} dwl-problem-row"><td></td>'
                            f'<td colspan="{len(headers) - 1}"><div class="dwl-problems">'
                            f"{esc(text)}</div></td></tr>")
        head = "".join(f'<th class="{"num" if j in numeric else ""}">{esc(h)}</th>'
                       for j, h in enumerate(headers))
        return (f'<table class="dwl-table dwl-staff"><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(body)}</tbody></table>')
