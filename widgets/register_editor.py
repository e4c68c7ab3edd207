"""Step 1 of the payroll lab: load, check and correct the worker register.

The form is generated from ``modules.register.COLUMNS`` (the one declaration of the
register's columns): a Dropdown for a column with allowed values, a DatePicker for a date,
a FloatText for an amount, a Checkbox for yes/no, a Text otherwise. Every rule lives in
``modules.register.validate_register``; this component only shows its verdicts.

Document and account numbers are masked in the table and in the form (the form shows the
masked value; typing a full new number replaces it).
"""
from __future__ import annotations

import html
import math
from datetime import date

import ipywidgets as W
import pandas as pd
from traitlets import Int

from modules.i18n import N_
from modules.register import (COLUMNS, BY_NAME, RegisterError, conform, empty_register,
                              validate_employer,
                              load_register, mask_series, to_csv_bytes, to_xlsx_bytes,
                              validate_register)

from .common import Busy, Feedback, esc, safe_callback, scroll_box, wrap_row
from .context import LabContext
from .download import DownloadButton

# --- texts ----------------------------------------------------------------------------------
T_LOAD = N_("Load the workers")
T_CASES = N_("Start with a case study (one click):")
T_UPLOAD_HINT = N_("…or upload your own register (CSV or Excel .xlsx):")
T_UPLOAD = N_("Upload file")
T_ENTERPRISE = N_("Enterprise name")
T_RUC = N_("RUC")
T_TABLE = N_("Workers")
T_EDIT = N_("Correct or add a worker")
T_PICK_ROW = N_("Row")
T_SAVE = N_("Save row")
T_ADD = N_("Add a worker")
T_DELETE = N_("Delete row")
T_DL_CSV = N_("Register (CSV)")
T_DL_XLSX = N_("Register (Excel)")
T_DL_TEMPLATE = N_("Template with an example (CSV)")
T_DOWNLOADS = N_("Download")
T_NO_WORKERS = N_("No workers yet: pick a case study or upload a file.")
T_LOADED_CASE = N_("Loaded the case study “{title}”: {n} workers.")
T_LOADED_FILE = N_("Loaded the file {name}: {n} workers.")
T_SAVED_OK = N_("Row {row} saved. No problems left on this row.")
T_SAVED_PROBLEMS = N_("Row {row} saved. It still has problems: see the messages under the fields.")
T_ADDED = N_("Row {row} added: fill in the fields and press “Save row”.")
T_DELETED = N_("Row {row} deleted.")
T_NOTHING_TO_DELETE = N_("There is no row to delete.")
T_ALL_OK = N_("No problems found in the register.")
T_MORE = N_("…and {n} more (see the table).")
T_ROW_OPTION = N_("Row {row}: {name}")
T_NEW_WORKER = N_("(new worker)")
T_MASKED_HINT = N_("Hidden for privacy. Type the full number to change it.")
T_EMPTY = N_("(empty)")
T_YES = N_("yes")
T_NO = N_("no")
T_BUSY_LOADING = N_("Loading…")
T_BUSY_CHECKING = N_("Checking…")
T_ROW_PREFIX = N_("Row {row}")
# table headers
H_ROW = N_("Row")
H_CODE = N_("Code")
H_NAME = N_("Full name")
H_DOCUMENT = N_("Document")
H_POSITION = N_("Position")
H_REGIME = N_("Regime")
H_WAGE = N_("Monthly wage")
H_HOURS = N_("Hours/week")
H_PENSION = N_("Pension")
H_HEALTH = N_("Health")
H_PAYMENT = N_("Payment")
H_CONSENT = N_("Consent")
H_PROBLEMS = N_("Problems")

PERSONAL = ("id_number", "account_number")
# the order of the form's fields: the declaration's order
FORM_COLUMNS = tuple(c for c in COLUMNS)
FILE_STEMS = {"register": N_("register"), "template": N_("register_template")}


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def set_options_keep(dropdown: W.Dropdown, options) -> None:
    """Replace a Dropdown's options (new labels) and keep its value."""
    value = dropdown.value
    values = [v for _, v in options]
    dropdown.options = options  # resets the value to the first option
    dropdown.value = value if value in values else values[0] if values else None


class _Field:
    """One generated form field: label, input widget and the message of its problems."""

    def __init__(self, ctx: LabContext, col):
        self.ctx, self.col = ctx, col
        self.label = W.HTML()
        self.message = W.HTML(layout=W.Layout(width="100%"))
        self.message.add_class("dwl-field-msg")
        self.masked_shown: str | None = None  # personal fields: the masked text on show
        self.original = None  # personal fields: the full value behind the mask
        self.was_missing = False  # numbers: NaN shown as 0 until edited
        full = W.Layout(width="100%")
        if col.type == "choice":
            self.input = W.Dropdown(options=self._choice_options(), value=None, layout=full)
        elif col.type == "date":
            self.input = W.DatePicker(value=None, layout=full)
        elif col.type in ("money", "number"):
            self.input = W.FloatText(value=0.0, step=col.step or 1.0, layout=full)
            self.input.observe(self._edited_number, names="value")
        elif col.type == "bool":
            self.input = W.Checkbox(value=False, indent=False, layout=W.Layout(width="auto"))
        else:
            self.input = W.Text(value="", layout=full)
        self.box = W.VBox([self.label, self.input, self.message],
                          layout=W.Layout(flex="1 1 15em", min_width="13em", max_width="100%",
                                          margin="2px 8px 6px 0"))
        self.box.add_class("dwl-field")
        self.relabel()

    def _choice_options(self):
        t = self.ctx.t
        return [(t(T_EMPTY), None)] + [(t(c.label), c.value) for c in self.col.choices]

    def _edited_number(self, _change) -> None:
        self.was_missing = False

    def relabel(self) -> None:
        t = self.ctx.t
        required = " *" if self.col.required else ""
        unit = " (S/)" if self.col.unit == "PEN" else ""
        self.label.value = (f'<label title="{esc(t(self.col.help))}"><b>{esc(t(self.col.label))}'
                            f"{unit}{required}</b></label>")
        self.input.tooltip = t(self.col.help)
        if self.col.type == "choice":
            set_options_keep(self.input, self._choice_options())
        if self.col.name in PERSONAL:
            self.input.placeholder = t(T_MASKED_HINT) if self.masked_shown else ""

    def show(self, value) -> None:
        """Put a register value in the input."""
        col = self.col
        if col.type == "choice":
            self.input.value = None if _missing(value) or value not in col.allowed else value
        elif col.type == "date":
            self.input.value = None if _missing(value) else pd.Timestamp(value).date()
        elif col.type in ("money", "number"):
            missing = _missing(value)
            self.input.value = 0.0 if missing else float(value)
            self.was_missing = missing  # after the assignment (its observer resets the flag)
        elif col.type == "bool":
            self.input.value = False if _missing(value) else bool(value)
        else:
            text = "" if _missing(value) else str(value)
            if col.name in PERSONAL and text:
                self.original = text
                self.masked_shown = str(mask_series(pd.Series([text], dtype="str")).iloc[0])
                self.input.value = self.masked_shown
            else:
                self.original, self.masked_shown = None, None
                self.input.value = text
            if col.name in PERSONAL:
                self.input.placeholder = ""
                if self.masked_shown:
                    self.input.placeholder = self.ctx.t(T_MASKED_HINT)

    def read(self):
        """The register value typed in the input."""
        col, v = self.col, self.input.value
        if col.type == "choice":
            return v
        if col.type == "date":
            return pd.NaT if v is None else pd.Timestamp(v)
        if col.type in ("money", "number"):
            if self.was_missing or v is None or (isinstance(v, float) and math.isnan(v)):
                return float("nan")
            return float(v)
        if col.type == "bool":
            return bool(v)
        text = (v or "").strip()
        if col.name in PERSONAL and self.masked_shown is not None and text == self.masked_shown:
            return self.original
        return text or None

    def show_problems(self, rows: pd.DataFrame) -> None:
        if rows.empty:
            self.message.value = ""
            return
        parts = []
        for severity, message in zip(rows["severity"], rows["message"]):
            cls = "err" if severity == "error" else "warn"
            parts.append(f'<div class="{cls}">⚠ {esc(message)}</div>')
        self.message.value = "".join(parts)


class RegisterEditor(W.VBox):
    """Load a case study or a file, see the workers and their problems, correct rows.

    State: ``workers`` (the canonical register, index 1..n), ``problems`` (translated in
    ``ctx.lang``), ``employer`` (dict name/ruc/...), ``case_id`` and ``as_of`` (the date
    the case study describes). ``version`` increases on every change of the workers.
    """

    version = Int(0)

    def __init__(self, ctx: LabContext, **kwargs):
        self.ctx = ctx
        self.workers = empty_register()
        self.problems = validate_register(self.workers, lang=ctx.lang)
        self.employer: dict = {"name": "", "ruc": ""}
        self._employer_from_case = False
        self.case_id: str | None = None
        self.case_title: str = ""
        self.source_name: str = ""
        self.as_of: pd.Timestamp | None = None
        self._reload = None  # lang -> (workers, problems) of the source as loaded
        self._loaded_workers = None
        self._orig_rows = pd.Series([], dtype="int64")  # current row -> row in the source
        self._edited: set[tuple[int, str]] = set()  # (source row, field) typed in the form
        self._load_only = pd.DataFrame(columns=["row", "field", "severity", "message"])
        self._selected: int | None = None

        # --- load ------------------------------------------------------------------------
        self.title_load = W.HTML()
        self.cases_hint = W.HTML()
        self.case_buttons: dict[str, W.Button] = {}
        self.cases_box = W.HBox(layout=W.Layout(flex_flow="row wrap", width="100%"))
        self.upload_hint = W.HTML()
        self.upload = W.FileUpload(accept=".csv,.xlsx,.xls,.txt", multiple=False,
                                   layout=W.Layout(width="auto"))
        self.load_busy = Busy(ctx, T_BUSY_LOADING)
        self.upload_busy = Busy(ctx, T_BUSY_LOADING)
        self.load_feedback = Feedback(ctx)
        self.upload_feedback = Feedback(ctx)
        self.template_button = DownloadButton(ctx, T_DL_TEMPLATE, self.build_template,
                                              css_class="dwl-dl-template")
        self.enterprise = W.Text(layout=W.Layout(width="100%"))
        self.ruc = W.Text(layout=W.Layout(width="100%"))
        self.enterprise_label, self.ruc_label = W.HTML(), W.HTML()
        self.enterprise_msg, self.ruc_msg = W.HTML(), W.HTML()
        self.enterprise_msg.add_class("dwl-field-msg")
        self.enterprise.add_class("dwl-enterprise")
        self.ruc.add_class("dwl-ruc")
        self.ruc_msg.add_class("dwl-field-msg")
        self.enterprise.observe(self._employer_typed, names="value")
        self.ruc.observe(self._employer_typed, names="value")

        # --- table and summary --------------------------------------------------------------
        self.title_table = W.HTML()
        self.summary = W.HTML(layout=W.Layout(width="100%"))
        self.table = W.HTML()
        self.table.add_class("dwl-register-table")

        # --- form -----------------------------------------------------------------------------
        self.title_edit = W.HTML()
        self.row_label = W.HTML()
        self.row_picker = W.Dropdown(options=[], layout=W.Layout(width="auto", min_width="14em",
                                                                 max_width="100%"))
        self._row_picked = safe_callback(ctx, self.form_feedback_placeholder(), clear=False)(
            self._row_picked_unsafe)
        self.row_picker.observe(self._row_picked, names="value")
        # The form's ~290 widgets are built when first needed (a row to show or to add):
        # a lab that opens with no workers sends the browser half as many widgets.
        self._fields: dict[str, _Field] | None = None
        self.fields_box = W.Box([], layout=W.Layout(display="flex", flex_flow="row wrap",
                                                    width="100%"))
        self.save_button = W.Button(icon="check", button_style="primary",
                                    layout=W.Layout(width="auto"))
        self.add_button = W.Button(icon="plus", layout=W.Layout(width="auto"))
        self.delete_button = W.Button(icon="trash", button_style="danger",
                                      layout=W.Layout(width="auto"))
        self.save_button.add_class("dwl-save-row")
        self.add_button.add_class("dwl-add-row")
        self.delete_button.add_class("dwl-delete-row")
        self.row_picker.add_class("dwl-row-picker")
        self.upload.add_class("dwl-upload")
        self.form_busy = Busy(ctx, T_BUSY_CHECKING)
        self.form_feedback_placeholder()
        self.general_messages = W.HTML(layout=W.Layout(width="100%"))
        self.general_messages.add_class("dwl-field-msg")

        # --- downloads --------------------------------------------------------------------
        self.title_downloads = W.HTML()
        self.csv_button = DownloadButton(ctx, T_DL_CSV, self.build_csv, css_class="dwl-dl-register-csv")
        self.xlsx_button = DownloadButton(ctx, T_DL_XLSX, self.build_xlsx,
                                          css_class="dwl-dl-register-xlsx")

        self.form_box = W.VBox([
            self.title_edit,
            wrap_row([self.row_label, self.row_picker, self.add_button, self.delete_button]),
            self.general_messages,
            self.fields_box,
            wrap_row([self.save_button, self.form_busy]),
            self.form_feedback,
        ], layout=W.Layout(width="100%", border="1px solid #cfd8dc", padding="6px"))

        super().__init__([
            self.title_load,
            self.cases_hint, self.cases_box, self.load_busy, self.load_feedback,
            self.upload_hint, wrap_row([self.upload, self.upload_busy]), self.upload_feedback,
            self.template_button,
            wrap_row([W.VBox([self.enterprise_label, self.enterprise, self.enterprise_msg],
                             layout=W.Layout(flex="2 1 16em", margin="0 8px 0 0")),
                      W.VBox([self.ruc_label, self.ruc, self.ruc_msg],
                             layout=W.Layout(flex="1 1 10em"))]),
            self.title_table, self.summary, scroll_box(self.table, max_height="420px"),
            self.form_box,
            self.title_downloads, wrap_row([self.csv_button, self.xlsx_button]),
        ], layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-register-editor")

        # --- callbacks ----------------------------------------------------------------------
        self._safe_upload = safe_callback(ctx, self.upload_feedback, self.upload_busy,
                                          self.upload)(self._uploaded)
        self.upload.observe(self._upload_changed, names="value")
        self.save_button.on_click(safe_callback(ctx, self.form_feedback, self.form_busy,
                                                self.save_button)(self._save_clicked))
        self.add_button.on_click(safe_callback(ctx, self.form_feedback)(self._add_clicked))
        self.delete_button.on_click(safe_callback(ctx, self.form_feedback)(self._delete_clicked))
        ctx.on_lang(safe_callback(ctx, self.load_feedback, clear=False)(self._lang_changed))
        self._build_case_buttons()
        self._relabel()
        self._refresh()

    @property
    def fields(self) -> dict[str, "_Field"]:
        """The form's fields, generated from the register's column declaration."""
        if self._fields is None:
            self._fields = {c.name: _Field(self.ctx, c) for c in FORM_COLUMNS}
            self.fields_box.children = [f.box for f in self._fields.values()]
        return self._fields

    # ------------------------------------------------------------------ public API
    def load_case(self, case_id: str) -> None:
        """Load one of ``modules.casestudies`` (replaces the current workers)."""
        from modules.casestudies import load_case_study

        case = load_case_study(case_id, lang=self.ctx.lang)
        self._set_source(case.workers, case.problems,
                         reload=lambda lang, cid=case_id: _case_reload(cid, lang),
                         as_of=case.as_of)
        self.case_id = case_id
        self.case_title = case.title
        self.source_name = case.title
        self.employer = dict(case.employer)
        self._employer_from_case = True
        self._show_employer()
        self.load_feedback.show(T_LOADED_CASE, kind="ok", title=case.title, n=len(self.workers))
        self.upload_feedback.clear()

    def load_bytes(self, data: bytes, name: str = "") -> None:
        """Load a participant's file. A ``RegisterError`` leaves the current workers as they are."""
        workers, problems = load_register(bytes(data), lang=self.ctx.lang)  # may raise
        raw = bytes(data)
        self._set_source(workers, problems, reload=lambda lang: load_register(raw, lang=lang),
                         as_of=None)
        self.case_id = None
        self.case_title = ""
        self.source_name = name
        if self._employer_from_case:  # a case study's employer is not the participant's
            self.employer = {"name": "", "ruc": ""}
        self._employer_from_case = False  # what the participant typed is kept
        self._show_employer()
        self.upload_feedback.show(T_LOADED_FILE, kind="ok", name=name, n=len(self.workers))
        self.load_feedback.clear()

    def load_saved(self, workers, employer: dict, name: str = "", case_id: str | None = None) -> None:
        """Load a register saved earlier (``widgets.saved_work``, a workshop session): every
        value as typed. ``case_id``: the case study it started from (its survey, its date)."""
        saved = workers.copy()
        as_of = None
        if case_id:
            from modules.casestudies import load_case_study

            case = load_case_study(case_id, lang=self.ctx.lang)
            as_of = case.as_of
        self._set_source(saved, validate_register(saved, lang=self.ctx.lang, today=as_of),
                         reload=lambda lang: (saved, validate_register(saved, lang=lang, today=as_of)),
                         as_of=as_of)
        self.case_id = case_id or None
        self.case_title = case.title if case_id else ""
        self.source_name = name
        self.employer = {"name": "", "ruc": "", **dict(employer or {})}
        self._employer_from_case = False
        self._show_employer()
        self.load_feedback.clear()
        self.upload_feedback.clear()

    def select_row(self, row: int) -> None:
        self.row_picker.value = int(row)

    @property
    def selected_row(self) -> int | None:
        return self._selected

    def save_row(self, row: int | None = None) -> None:
        """Write the form into ``row`` (default: the selected row) and validate again."""
        row = self._selected if row is None else row
        if row is None or row not in self.workers.index:
            return
        values = {name: f.read() for name, f in self.fields.items()}
        one = conform(pd.DataFrame([values], index=[row]))
        rest = self.workers.drop(index=row)
        new = pd.concat([rest, one]).sort_index() if len(rest) else one
        self.workers = conform(new)
        source_row = int(self._orig_rows.get(row, 0))
        if source_row:
            self._edited |= {(source_row, name) for name in values}
        self._revalidate()
        self._bump()
        row_errors = self.problems[self.problems["row"] == row]
        if row_errors.empty:
            self.form_feedback.show(T_SAVED_OK, kind="ok", row=row)
        else:
            self.form_feedback.show(T_SAVED_PROBLEMS, kind="warning", row=row)

    def add_row(self) -> int:
        n = len(self.workers)
        row = n + 1
        blank = {c.name: c.default for c in COLUMNS}
        one = conform(pd.DataFrame([blank], index=[row]))
        self.workers = conform(pd.concat([self.workers, one]) if n else one)
        self._orig_rows = pd.concat([self._orig_rows, pd.Series([0], index=[row])])
        self._revalidate()
        self._bump()
        self.row_picker.value = row
        self.form_feedback.show(T_ADDED, kind="info", row=row)
        return row

    def delete_row(self, row: int | None = None) -> None:
        row = self._selected if row is None else row
        if row is None or row not in self.workers.index:
            self.form_feedback.show(T_NOTHING_TO_DELETE, kind="info")
            return
        kept = self.workers.drop(index=row)
        renumber = pd.RangeIndex(1, len(kept) + 1)
        self._orig_rows = pd.Series(self._orig_rows.drop(index=row).to_numpy(), index=renumber,
                                    dtype="int64")
        self.workers = kept.set_axis(renumber)
        self._selected = None
        self._revalidate()
        self._bump()
        self.form_feedback.show(T_DELETED, kind="ok", row=row)

    @property
    def error_rows(self) -> list[int]:
        """Rows with at least one error (they cannot be paid until corrected)."""
        p = self.problems
        return sorted({int(r) for r in p.loc[p["severity"] == "error", "row"]})

    def row_problems(self, row: int) -> pd.DataFrame:
        return self.problems[self.problems["row"] == row]

    # downloads -----------------------------------------------------------------------------
    def _filename(self, stem: str, ext: str) -> str:
        return f"{self.ctx.t(FILE_STEMS[stem])}.{ext}"

    def build_csv(self):
        if self.workers.empty:
            return None
        return self._filename("register", "csv"), to_csv_bytes(self.workers, lang=self.ctx.lang)

    def build_xlsx(self):
        if self.workers.empty:
            return None
        return self._filename("register", "xlsx"), to_xlsx_bytes(self.workers, lang=self.ctx.lang)

    def build_template(self):
        from modules.casestudies import sample_path

        path = sample_path("register_template")
        return self._filename("template", "csv"), path.read_bytes()

    # ------------------------------------------------------------------ internals
    def form_feedback_placeholder(self) -> Feedback:
        """The form's message (created early: the row picker's callback reports there)."""
        if not hasattr(self, "form_feedback"):
            self.form_feedback = Feedback(self.ctx)
        return self.form_feedback

    def _set_source(self, workers, problems, reload, as_of) -> None:
        validated = validate_register(workers, lang=self.ctx.lang, today=as_of)
        self._reload = reload
        self._loaded_workers = workers.copy()
        self.as_of = as_of
        self.workers = workers.copy()
        self._orig_rows = pd.Series(workers.index.to_numpy(dtype="int64"), index=workers.index)
        self._edited = set()
        self._load_only = _difference(problems, validated)
        self.problems = problems
        self._selected = None
        self._bump()
        self._refresh()
        if len(self.workers):
            first_problem = self.error_rows[0] if self.error_rows else int(self.workers.index[0])
            self.row_picker.value = first_problem

    def _revalidate(self) -> None:
        checked = validate_register(self.workers, lang=self.ctx.lang, today=self.as_of)
        extra = self._current_load_only()
        if len(extra):
            # a value that could not be read is reported once, not again as "missing"
            unread = set(zip(extra["row"], extra["field"]))
            again = [(int(r), f) in unread for r, f in zip(checked["row"], checked["field"])]
            checked = checked[[not a for a in again]]
            checked = pd.concat([checked, extra], ignore_index=True).sort_values(
                "row", kind="stable").reset_index(drop=True)
        self.problems = checked
        self._refresh()

    def _current_load_only(self) -> pd.DataFrame:
        """Problems found while reading the file (unreadable values), on their current rows."""
        lo = self._load_only
        if lo.empty or self._orig_rows.empty:
            return lo.iloc[0:0]
        back = pd.Series(self._orig_rows.index.to_numpy(), index=self._orig_rows.to_numpy())
        back = back[back.index > 0]
        keep = lo["row"].isin(back.index) & ~pd.Series(
            [(int(r), f) in self._edited for r, f in zip(lo["row"], lo["field"])], index=lo.index,
            dtype=bool)
        out = lo[keep].copy()
        out["row"] = back.loc[out["row"]].to_numpy().astype("int64")
        return out

    def _bump(self) -> None:
        self.version += 1

    def _lang_changed(self) -> None:
        if self._reload is not None:
            workers, problems = self._reload(self.ctx.lang)
            validated = validate_register(workers, lang=self.ctx.lang, today=self.as_of)
            self._load_only = _difference(problems, validated)
        if self.case_id:
            from modules.casestudies import load_case_study

            self.case_title = load_case_study(self.case_id, lang=self.ctx.lang).title
        self._relabel()
        self._build_case_buttons()
        self._revalidate()

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title_load.value = f"<h3>{esc(t(T_LOAD))}</h3>"
        self.cases_hint.value = f"<div>{esc(t(T_CASES))}</div>"
        self.upload_hint.value = f"<div>{esc(t(T_UPLOAD_HINT))}</div>"
        self.upload.description = t(T_UPLOAD)
        self.enterprise_label.value = f"<b>{esc(t(T_ENTERPRISE))}</b>"
        self.ruc_label.value = f"<b>{esc(t(T_RUC))}</b>"
        self._show_employer_problems()
        self.title_table.value = f"<h3>{esc(t(T_TABLE))}</h3>"
        self.title_edit.value = f"<h3>{esc(t(T_EDIT))}</h3>"
        self.row_label.value = f"<b>{esc(t(T_PICK_ROW))}</b>&nbsp;"
        self.save_button.description = t(T_SAVE)
        self.add_button.description = t(T_ADD)
        self.delete_button.description = t(T_DELETE)
        self.title_downloads.value = f"<h3>{esc(t(T_DOWNLOADS))}</h3>"
        for f in (self._fields or {}).values():
            f.relabel()

    def _build_case_buttons(self) -> None:
        try:
            from modules.casestudies import list_case_studies

            cases = list_case_studies(lang=self.ctx.lang)
        except Exception as exc:  # noqa: BLE001 - the lab still works with uploads
            from .common import report_exception

            report_exception(exc, where="RegisterEditor.case studies")
            cases = pd.DataFrame(columns=["id", "title", "description", "workers"])
        t = self.ctx.t
        buttons = []
        for case_id, title, description, n in zip(cases["id"], cases["title"],
                                                  cases["description"], cases["workers"]):
            button = self.case_buttons.get(case_id)
            if button is None:
                button = W.Button(icon="folder-open", layout=W.Layout(width="auto",
                                                                       max_width="100%",
                                                                       margin="2px 6px 2px 0"))
                button.on_click(safe_callback(self.ctx, self.load_feedback, self.load_busy, button)(
                    lambda _b, cid=case_id: self.load_case(cid)))
                button.add_class("dwl-case")
                self.case_buttons[case_id] = button
            count = t.ngettext("{n} worker", "{n} workers", int(n))
            button.description = f"{title} ({count})"
            button.tooltip = description
            buttons.append(button)
        self.cases_box.children = buttons

    def _employer_typed(self, _change) -> None:
        self.employer = {**self.employer, "name": self.enterprise.value.strip(),
                         "ruc": self.ruc.value.strip()}
        self._show_employer_problems()

    def _show_employer_problems(self) -> None:
        """Under the name and RUC fields: what a pay slip still needs (shown once there are
        workers, so an empty lab does not greet the participant with errors)."""
        problems = validate_employer(self.employer, self.ctx.lang) if len(self.workers) else {}
        for field, widget in (("name", self.enterprise_msg), ("ruc", self.ruc_msg)):
            text = problems.get(field)
            widget.value = (f'<div class="dwl-msg dwl-msg-warning">⚠ {esc(text)}</div>'
                            if text else "")

    def _show_employer(self) -> None:
        name, ruc = self.employer.get("name", ""), self.employer.get("ruc", "")
        self.enterprise.value = str(name or "")
        self.ruc.value = str(ruc or "")
        self._show_employer_problems()

    def _upload_changed(self, change) -> None:
        if change["new"]:  # emptied after each upload: nothing to do then
            self._safe_upload(change["new"][0])

    def _uploaded(self, item) -> None:
        try:
            self.load_bytes(bytes(item["content"]), name=str(item.get("name", "")))
        finally:
            self.upload.value = ()  # the same file can be chosen again

    def _row_picked_unsafe(self, change) -> None:
        old, new = change["old"], change["new"]
        self._selected = new
        if old is not None and old in self.workers.index and self._form_differs(old):
            self.save_row(old)  # keep what was typed on the previous row
        self._show_form()
        self.table.value = self._table_html()

    def _save_clicked(self, _b=None) -> None:
        self.save_row()

    def _add_clicked(self, _b=None) -> None:
        self.add_row()

    def _delete_clicked(self, _b=None) -> None:
        self.delete_row()

    def _form_differs(self, row: int) -> bool:
        current = self.workers.loc[row]
        for name, f in self.fields.items():
            a, b = f.read(), current[name]
            if _missing(a) and _missing(b):
                continue
            if _missing(a) != _missing(b):
                return True
            if BY_NAME[name].type == "date":
                if pd.Timestamp(a) != pd.Timestamp(b):
                    return True
            elif a != b:
                return True
        return False

    def _show_form(self) -> None:
        row = self._selected
        has_row = row is not None and row in self.workers.index
        self.fields_box.layout.display = "flex" if has_row else "none"
        self.save_button.disabled = not has_row
        self.delete_button.disabled = not has_row
        if not has_row:
            for f in (self._fields or {}).values():
                f.show_problems(self.problems.iloc[0:0])
            self.general_messages.value = ""
            return
        values = self.workers.loc[row]
        for name, f in self.fields.items():
            f.show(values[name])
        self._show_field_problems()

    def _show_field_problems(self) -> None:
        row = self._selected
        rows = self.problems[self.problems["row"] == row] if row is not None else self.problems.iloc[0:0]
        for name, f in self.fields.items():
            f.show_problems(rows[rows["field"] == name])
        other = rows[~rows["field"].isin(list(self.fields))]
        self.general_messages.value = "".join(
            f'<div class="{"err" if s == "error" else "warn"}">⚠ {esc(m)}</div>'
            for s, m in zip(other["severity"], other["message"]))

    def _refresh(self) -> None:
        """Row picker options, problems summary, table and per-field messages."""
        t = self.ctx.t
        options = []
        for row, first, last, code in zip(self.workers.index, self.workers["first_name"],
                                          self.workers["last_name"], self.workers["worker_id"]):
            name = " ".join(str(v) for v in (first, last) if not _missing(v)).strip()
            label = t(T_ROW_OPTION, row=int(row), name=name or t(T_NEW_WORKER))
            if int(row) in set(self.error_rows):
                label = "⚠ " + label
            options.append((label, int(row)))
        selected = self._selected
        # replace the options without triggering a save/show cycle
        self.row_picker.unobserve(self._row_picked, names="value")
        try:
            self.row_picker.options = options
            if selected in self.workers.index:
                self.row_picker.value = selected
            elif options:
                self.row_picker.value = None
                self._selected = None
        finally:
            self.row_picker.observe(self._row_picked, names="value")
        self.summary.value = self._summary_html()
        self.table.value = self._table_html()
        if self._selected is not None:
            self._show_field_problems()
        else:
            self._show_form()
        self.form_box.layout.display = "flex"

    def _summary_html(self) -> str:
        t = self.ctx.t
        if self.workers.empty:
            return f'<div class="dwl-msg dwl-msg-info">ℹ {esc(t(T_NO_WORKERS))}</div>'
        p = self.problems
        errors, warnings = p[p["severity"] == "error"], p[p["severity"] != "error"]
        if p.empty:
            return f'<div class="dwl-msg dwl-msg-ok">✔ {esc(t(T_ALL_OK))}</div>'
        out = []
        for frame, kind in ((errors, "error"), (warnings, "warning")):
            if frame.empty:
                continue
            if kind == "error":
                heading = t.ngettext("{n} problem to fix:", "{n} problems to fix:", len(frame))
            else:
                heading = t.ngettext("{n} point to check:", "{n} points to check:", len(frame))
            items = []
            for row, field, message in list(zip(frame["row"], frame["field"], frame["message"]))[:6]:
                col = BY_NAME.get(field)
                where = t(T_ROW_PREFIX, row=int(row)) + (f" · {t(col.label)}" if col else "")
                items.append(f"<li><b>{esc(where)}</b>: {esc(message)}</li>")
            if len(frame) > 6:
                items.append(f"<li>{esc(t(T_MORE, n=len(frame) - 6))}</li>")
            out.append(f'<div class="dwl-msg dwl-msg-{kind}"><b>⚠ {esc(heading)}</b>'
                       f'<ul style="margin:4px 0 0 0;padding-left:1.2em">{"".join(items)}</ul></div>')
        return "".join(out)

    def _table_html(self) -> str:
        t = self.ctx.t
        w = self.workers
        if w.empty:
            return ""
        masked_id = mask_series(w["id_number"])
        masked_acc = mask_series(w["account_number"])
        labels = {c.name: {ch.value: t(ch.label) for ch in c.choices} for c in COLUMNS if c.choices}
        by_row: dict[int, list[tuple[str, str]]] = {}
        for row, severity, message in zip(self.problems["row"], self.problems["severity"],
                                          self.problems["message"]):
            by_row.setdefault(int(row), []).append((severity, message))
        heads = [H_ROW, H_CODE, H_NAME, H_DOCUMENT, H_POSITION, H_REGIME, H_WAGE, H_HOURS,
                 H_PENSION, H_HEALTH, H_PAYMENT, H_CONSENT]
        numeric = {H_ROW, H_WAGE, H_HOURS}
        head = "".join(f'<th class="{"num" if h in numeric else ""}">{esc(t(h))}</th>' for h in heads)
        body = []
        for i, row in enumerate(w.index):
            r = w.loc[row]
            problems = by_row.get(int(row), [])
            cls = ("dwl-row-error" if any(s == "error" for s, _ in problems)
                   else "dwl-row-warning" if problems else "")
            if row == self._selected:
                cls += " dwl-row-selected"

            def lab(name, value):
                return "" if _missing(value) else labels[name].get(value, str(value))

            name = " ".join(str(v) for v in (r["first_name"], r["last_name"]) if not _missing(v))
            doc = " ".join(x for x in (lab("id_type", r["id_type"]),
                                        "" if _missing(masked_id.iloc[i]) else masked_id.iloc[i]) if x)
            pension = lab("pension_system", r["pension_system"])
            if r["pension_system"] == "AFP" and not _missing(r["afp_name"]):
                pension = f"AFP {r['afp_name']}"
            payment = lab("payment_method", r["payment_method"])
            details = " ".join(x for x in (
                "" if _missing(r["payment_provider"]) else str(r["payment_provider"]),
                "" if _missing(masked_acc.iloc[i]) else str(masked_acc.iloc[i])) if x)
            if details and r["payment_method"] != "cash":
                payment = f"{payment}: {details}"
            wage = "" if _missing(r["monthly_wage"]) else t.money(r["monthly_wage"])
            hours = "" if _missing(r["weekly_hours"]) else t.number(r["weekly_hours"])
            probs = "".join(f'<div class="{"err" if s == "error" else "warn"}">⚠ {esc(m)}</div>'
                            for s, m in problems)
            cells = [
                f'<td class="num">{int(row)}</td>', f"<td>{esc(r['worker_id'] if not _missing(r['worker_id']) else '')}</td>",
                f"<td>{esc(name)}</td>", f"<td>{esc(doc)}</td>",
                f"<td>{esc('' if _missing(r['position']) else r['position'])}</td>",
                f"<td>{esc(lab('regime', r['regime']))}</td>", f'<td class="num">{esc(wage)}</td>',
                f'<td class="num">{esc(hours)}</td>', f"<td>{esc(pension)}</td>",
                f"<td>{esc(lab('health', r['health']))}</td>", f"<td>{esc(payment)}</td>",
                f"<td>{esc(t(T_YES) if bool(r['digital_consent']) else t(T_NO))}</td>",
            ]
            body.append(f'<tr class="{cls.strip()}" data-row="{int(row)}">{"".join(cells)}</tr>')
            if problems:  # the row's messages on a line of their own, visible without scrolling
                body.append(f'<tr class="dwl-problem-row {cls.strip()}" data-row="{int(row)}">'
                            f'<td colspan="{len(heads)}"><div class="dwl-problems dwl-field-msg">'
                            f"<b>{esc(t(H_PROBLEMS))} ({esc(t(T_ROW_PREFIX, row=int(row)))}):</b>"
                            f"{probs}</div></td></tr>")
        return (f'<table class="dwl-table"><thead><tr>{head}</tr></thead>'
                f'<tbody>{"".join(body)}</tbody></table>')


def _case_reload(case_id: str, lang: str):
    from modules.casestudies import load_case_study

    case = load_case_study(case_id, lang=lang)
    return case.workers, case.problems


def _difference(problems: pd.DataFrame, validated: pd.DataFrame) -> pd.DataFrame:
    """Problems of ``problems`` that validation alone does not find (values unreadable in the file)."""
    cols = ["row", "field", "severity", "message"]
    if problems.empty:
        return problems[cols].iloc[0:0].copy() if len(problems.columns) else pd.DataFrame(columns=cols)
    seen = set(zip(validated["row"], validated["field"], validated["message"]))
    keep = [(int(r), f, m) not in seen for r, f, m in
            zip(problems["row"], problems["field"], problems["message"])]
    return problems.loc[keep, cols].reset_index(drop=True)
