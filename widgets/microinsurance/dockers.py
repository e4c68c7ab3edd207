"""Step 1 of the micro-insurance lab: the dockers.

The case study's story and learning points (``datasets/microinsurance/manifest.yaml``), the
dockers' figures as a form generated from ``POPULATION_INPUTS`` (with a summary of their
incomes), the accident and sickness figures (``CLAIMS_INPUTS``, folded away: they are
illustrative), and the member table: the case's synthetic 1,000 dockers, or the
participant's own CSV/Excel file with a message per problem and the rows it is in.

While a member table is in use, the form shows what the table says of an average docker
and the model uses the table (each docker's income counts for affordability). Typing other
figures for the average docker sets the table aside, and the lab says so; the seasons,
renewal and new members can be changed without setting it aside.
"""
from __future__ import annotations

import base64
from typing import Callable

import ipywidgets as W
import pandas as pd
from babel.dates import get_month_names

from modules.i18n import LANGUAGES, N_
from modules.microinsurance import (CLAIMS_INPUTS, GROUP_LABELS, POPULATION_INPUTS, Population,
                                    affordability, case_texts, load_dockers,
                                    population_from_members)

from ..common import Busy, Feedback, esc, safe_callback, wrap_row
from ..context import LabContext
from ..download import DownloadButton
from ..digitization.util import cards, csv_bytes
from ..inputs_form import InputsForm
from .members import read_members, template_frame
from .util import msg

T_TITLE = N_("The dockers")
T_LEARNING = N_("What this case shows")
T_SYNTHETIC = N_("The member table of this case is synthetic: invented dockers whose figures "
                 "follow what the press and the dockers' federation report. Any match with a "
                 "real person is a coincidence.")
T_FIGURES = N_("The dockers' figures")
T_FIGURES_HINT = N_("Change a figure and every result follows. Figures marked illustrative have "
                    "no published source for these dockers: put what you know.")
T_FROM_CASE = N_("The figures of an average docker come from the case's member table: {n} "
                 "dockers, {insured} of them insured in the first year. Each docker's own income "
                 "counts when we check whether the premium is affordable.")
T_FROM_FILE = N_("The figures of an average docker come from your file “{name}”: {n} dockers, "
                 "{insured} of them insured in the first year. Each docker's own income counts "
                 "when we check whether the premium is affordable.")
T_TABLE_ASIDE = N_("You changed the figures of the average docker, so the simulation uses your "
                   "figures and sets the member table aside. Incomes are spread around the "
                   "average as “Differences in income” says.")
T_NO_TABLE = N_("The simulation uses the figures below for an average docker.")
T_USE_TABLE = N_("Use the member table again")
T_UPLOAD_HINT = N_("Your own dockers? Upload a member table (CSV or Excel .xlsx), one row per "
                   "docker, with the columns of the template.")
T_UPLOAD = N_("Upload a member table")
T_TEMPLATE = N_("Member table template (CSV)")
T_LOADING = N_("Loading…")
T_COMPUTING = N_("Computing…")
T_LOADED = N_("Your file “{name}” was read: {n} dockers.")
T_FILE_PROBLEMS = N_("Your file could not be used; the dockers you had stay in force. Please fix "
                     "these problems and upload it again:")
T_BACK_TO_CASE = N_("Back to the case's dockers")
T_INCOME = N_("What a docker earns")
T_CARD_DAY = N_("A day of work")
T_CARD_MONTH = N_("An average month ({days} days)")
T_CARD_LOW = N_("Quietest month ({month})")
T_CARD_HIGH = N_("Busiest month ({month})")
T_CARD_RMV = N_("Minimum wage (RMV)")
T_INCOME_LINE = N_("An average docker earns {monthly} a month, {pct} % of the minimum wage, and "
                   "it changes with the seasons.")
T_INCOME_SPREAD = N_("In the member table, half of the dockers earn less than {median} a month "
                     "and a quarter less than {q1}.")
T_CLAIMS = N_("Accidents, sickness and deaths (illustrative figures)")
T_CLAIMS_HINT = N_("How often the dockers have accidents, fall sick or die, and what it costs. "
                   "No insurer has published these figures for the dockers: they are "
                   "illustrative. Change them to see how sure the results are.")
FILE_TEMPLATE = N_("member_table_template")

#: inputs a member table sets (the others: seasons, renewal, new members stay as typed)
DERIVED = {"members": 0, "enrolment_pct": 2, "pay_per_sack": 2, "sacks_per_day": 1,
           "days_per_month": 1, "income_cv": 0, "mean_age": 0}


def _rounded(values: dict) -> dict:
    """The figures a member table gives, rounded as the form shows them."""
    out = {}
    for name, digits in DERIVED.items():
        v = values[name]
        out[name] = int(round(v)) if name in ("members", "mean_age") else round(float(v), digits)
    return out


def month_name(month: int, lang: str) -> str:
    return get_month_names("wide", locale=LANGUAGES[lang][1])[int(month)]


class DockersView(W.VBox):
    """Story, member table, the dockers' form with their incomes, and the claims' form.

    State: ``members`` (the member table in use or set aside, or ``None``), ``source``
    (``("case", id)`` or ``("file", name)``), ``use_table`` (the model uses the table),
    ``population`` (the :class:`Population` in force), ``claims`` (validated claims inputs).
    ``on_change(callback)``: called after every valid change of the dockers or the claims.
    """

    def __init__(self, ctx: LabContext, case_id: str | None = None, **kwargs):
        self.ctx = ctx
        self.case_id = case_id or case_texts()["id"]
        self.members: pd.DataFrame | None = None
        self.source: tuple[str, str] | None = None
        self.use_table = False
        self._raw: bytes | None = None
        self._derived: dict = {}
        self._population: Population | None = None
        self._callbacks: list[Callable[[], None]] = []
        self._quiet = False
        self._file_problems: dict[str, str] = {}
        self._bad_file: bytes | None = None

        self.title = W.HTML()
        self.story = W.HTML(layout=W.Layout(width="100%"))
        self.figures_title = W.HTML()
        self.figures_hint = W.HTML()
        self.origin = W.HTML(layout=W.Layout(width="100%"))
        self.origin.add_class("dwl-mi-origin")
        self.use_table_button = W.Button(icon="table", layout=W.Layout(width="auto",
                                                                       display="none"))
        self.use_table_button.add_class("dwl-mi-use-table")
        self.feedback = Feedback(ctx)
        self.busy = Busy(ctx, T_COMPUTING)
        self.form = InputsForm(ctx, POPULATION_INPUTS, group_labels=GROUP_LABELS)
        self.income_title = W.HTML()
        self.income = W.HTML(layout=W.Layout(width="100%"))
        self.income.add_class("dwl-mi-income")
        self.upload_hint = W.HTML()
        self.upload = W.FileUpload(accept=".csv,.xlsx,.txt", multiple=False,
                                   layout=W.Layout(width="auto"))
        self.upload.add_class("dwl-upload")
        self.upload_busy = Busy(ctx, T_LOADING)
        self.upload_feedback = Feedback(ctx)
        self.problems = W.HTML(layout=W.Layout(width="100%"))
        self.problems.add_class("dwl-mi-problems")
        self.case_button = W.Button(icon="undo", layout=W.Layout(width="auto", display="none"))
        self.case_button.add_class("dwl-mi-back-to-case")
        self.template_button = DownloadButton(ctx, T_TEMPLATE, self.build_template,
                                              css_class="dwl-dl-mi-template")
        self.claims_hint = W.HTML()
        self.claims_form = InputsForm(ctx, CLAIMS_INPUTS, group_labels=GROUP_LABELS)
        self.claims_box = W.Accordion(children=[W.VBox([self.claims_hint, self.claims_form])],
                                      selected_index=None, layout=W.Layout(width="100%"))
        self.claims_box.add_class("dwl-mi-claims")

        form_box = W.VBox([self.figures_title, self.figures_hint, self.form],
                          layout=W.Layout(flex="1 1 320px", min_width="0", margin="0 10px 0 0"))
        income_box = W.VBox([self.income_title, self.income],
                            layout=W.Layout(flex="1 1 300px", min_width="0"))
        super().__init__([
            self.title, self.story,
            wrap_row([self.origin]), wrap_row([self.use_table_button, self.case_button, self.busy]),
            self.feedback,
            W.Box([form_box, income_box], layout=W.Layout(display="flex", flex_flow="row wrap",
                                                          width="100%", align_items="flex-start")),
            self.upload_hint, wrap_row([self.upload, self.upload_busy, self.template_button]),
            self.upload_feedback, self.problems,
            self.claims_box,
        ], layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-mi-dockers")

        self.form.on_change(safe_callback(ctx, self.feedback, clear=False)(self._form_changed))
        self.claims_form.on_change(safe_callback(ctx, self.feedback, clear=False)(
            lambda _v: self._notify()))
        self.use_table_button.on_click(safe_callback(ctx, self.feedback)(
            lambda _b: self.use_member_table()))
        self.case_button.on_click(safe_callback(ctx, self.upload_feedback, self.upload_busy,
                                                self.case_button)(
            lambda _b: self.load_case(self.case_id)))
        self._safe_upload = safe_callback(ctx, self.upload_feedback, self.upload_busy,
                                          self.upload)(self._uploaded)
        self.upload.observe(self._upload_changed, names="value")
        ctx.on_lang(safe_callback(ctx, self.feedback, clear=False)(self._lang_changed))
        self._relabel()

    # ------------------------------------------------------------------ public API
    def on_change(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    @property
    def population(self) -> Population:
        """The dockers the model simulates: the member table (with the seasons, renewal and
        new members typed in the form) or the form's average docker."""
        if self._population is None:
            values = dict(self.form.values)
            if self.use_table and self.members is not None:
                self._population = population_from_members(self.members, overrides=values,
                                                           lang=self.ctx.lang)
            else:
                self._population = Population(values)
        return self._population

    @property
    def claims(self) -> dict:
        return dict(self.claims_form.values)

    def load_case(self, case_id: str | None = None) -> None:
        """The case's member table (the synthetic dockers), its figures in the form."""
        case_id = case_id or self.case_id
        table = load_dockers(case_id)
        self._set_table(table, ("case", case_id), None)
        self.case_id = case_id
        self.upload_feedback.clear()

    def load_bytes(self, data: bytes, name: str = "") -> None:
        """A participant's member table. Problems are listed (with their rows) and the
        dockers in force stay; a file that cannot be read raises a translated error."""
        raw = bytes(data)
        from modules.inputs import InputError

        try:
            table = read_members(raw, self.ctx.lang)
            population_from_members(table, lang=self.ctx.lang)  # every problem at once
        except InputError as exc:
            self._file_problems, self._bad_file = dict(exc.problems), raw
            self._show_problems()
            return
        self._set_table(table, ("file", name or "members.csv"), raw)
        self.upload_feedback.show(T_LOADED, kind="ok", name=name or "members.csv", n=len(table))

    def use_member_table(self) -> None:
        """Back to the member table after the average docker's figures were changed."""
        if self.members is None:
            return
        self.use_table = True
        self._derived = _rounded(population_from_members(self.members, lang=self.ctx.lang).values)
        self._set_form(self._derived)

    def set_inputs(self, **values) -> None:
        """Type values into the dockers' fields (as a participant would)."""
        for name, value in values.items():
            self.form.fields[name].input.value = value

    def set_claims(self, **values) -> None:
        for name, value in values.items():
            self.claims_form.fields[name].input.value = value

    def state(self) -> dict:
        """What the participant entered (JSON), for the workshop session."""
        kind, name = self.source or ("", "")
        return {
            "source": kind, "name": name,
            "file": base64.b64encode(self._raw).decode("ascii") if self._raw else None,
            "use_table": bool(self.use_table), "values": dict(self.form.values),
            "claims": dict(self.claims_form.values),
        }

    def restore(self, state: dict) -> None:
        """Put a :meth:`state` back without notifying (the lab recomputes once)."""
        self._quiet = True
        try:
            if state.get("source") == "file" and state.get("file"):
                self.load_bytes(base64.b64decode(state["file"]), state.get("name", ""))
            elif state.get("source") == "case":
                self.load_case(state.get("name") or self.case_id)
            else:
                self.members, self.source, self._raw = None, None, None
            self.use_table = bool(state.get("use_table")) and self.members is not None
            if state.get("values"):
                self.form.set_values(state["values"])
            if state.get("claims"):
                self.claims_form.set_values(state["claims"])
        finally:
            self._quiet = False
        self._population = None
        self._refresh()

    def build_template(self):
        t = self.ctx.t
        frame = template_frame(load_dockers(self.case_id), self.ctx.lang)
        return f"{t(FILE_TEMPLATE)}.csv", csv_bytes(frame)

    # ------------------------------------------------------------------ internals
    def _set_table(self, table: pd.DataFrame, source: tuple[str, str], raw: bytes | None) -> None:
        derived = _rounded(population_from_members(table, lang=self.ctx.lang).values)
        self.members, self.source, self._raw = table, source, raw
        self.use_table = True
        self._derived = derived
        self._file_problems, self._bad_file = {}, None
        self.problems.value = ""
        self._set_form(derived)

    def _set_form(self, values: dict) -> None:
        quiet = self._quiet
        self._quiet = True
        try:
            self.form.set_values(values)
        finally:
            self._quiet = quiet
        self._population = None
        self._refresh()
        self._notify()

    def _form_changed(self, values: dict) -> None:
        if self._quiet:
            return
        if self.use_table and any(values[k] != v for k, v in self._derived.items()):
            self.use_table = False
        self._population = None
        self._refresh()
        self._notify()

    def _notify(self) -> None:
        self._population = None
        if self._quiet:
            return
        for callback in self._callbacks:
            callback()

    def _upload_changed(self, change) -> None:
        if change["new"]:
            self._safe_upload(change["new"][0])

    def _uploaded(self, item) -> None:
        try:
            self.load_bytes(bytes(item["content"]), name=str(item.get("name", "")))
        finally:
            self.upload.value = ()  # the same file can be chosen again after a fix

    def _show_problems(self) -> None:
        t = self.ctx.t
        if not self._file_problems:
            self.problems.value = ""
            return
        items = "".join(f"<li>{esc(m)}</li>" for m in self._file_problems.values())
        self.problems.value = (f'<div class="dwl-msg dwl-msg-error" role="alert">⚠ '
                               f"{esc(t(T_FILE_PROBLEMS))}<ul>{items}</ul></div>")

    def _refresh(self) -> None:
        """The origin line and the incomes of the dockers in force."""
        t = self.ctx.t
        if self.members is not None and self.use_table:
            kind, name = self.source
            pop = self.population
            n, insured = len(self.members), pop.insured_at_start
            if kind == "case":
                text = t(T_FROM_CASE, n=t.number(n, 0), insured=t.number(insured, 0))
            else:
                text = t(T_FROM_FILE, name=name, n=t.number(n, 0), insured=t.number(insured, 0))
            self.origin.value = msg("info", text)
        elif self.members is not None:
            self.origin.value = msg("warning", t(T_TABLE_ASIDE))
        else:
            self.origin.value = msg("info", t(T_NO_TABLE))
        self.use_table_button.layout.display = (
            None if self.members is not None and not self.use_table else "none")
        self.case_button.layout.display = (
            None if self.source is not None and self.source[0] == "file" else "none")
        self._show_income()

    def _show_income(self) -> None:
        t, lang = self.ctx.t, self.ctx.lang
        pop = self.population
        aff = affordability({}, pop, lang=lang)
        monthly, s = aff.monthly, aff.summary
        low, high = monthly["income"].idxmin(), monthly["income"].idxmax()
        items = [
            (t(T_CARD_DAY), t.money(s["daily_income"])),
            (t(T_CARD_MONTH, days=t.number(pop.values["days_per_month"], 1)),
             t.money(s["mean_income"])),
            (t(T_CARD_LOW, month=month_name(monthly.loc[low, "month"], lang)),
             t.money(monthly.loc[low, "income"])),
            (t(T_CARD_HIGH, month=month_name(monthly.loc[high, "month"], lang)),
             t.money(monthly.loc[high, "income"])),
            (t(T_CARD_RMV), t.money(s["rmv"])),
        ]
        lines = [t(T_INCOME_LINE, monthly=t.money(s["mean_income"]),
                   pct=t.number(s["income_to_rmv_pct"], 0))]
        if pop.members is not None:
            income = pop.members["monthly_income"]
            lines.append(t(T_INCOME_SPREAD, median=t.money(float(income.median())),
                           q1=t.money(float(income.quantile(0.25)))))
        self.income.value = cards(items, css="dwl-mi-income-cards") + "".join(
            f'<p class="dwl-intro">{esc(line)}</p>' for line in lines)

    def _lang_changed(self) -> None:
        if self._file_problems and self._bad_file is not None:  # the messages, re-read
            from modules.inputs import InputError

            try:
                population_from_members(read_members(self._bad_file, self.ctx.lang),
                                        lang=self.ctx.lang)
            except InputError as exc:
                self._file_problems = dict(exc.problems)
        self._relabel()
        self._population = None
        self._refresh()

    def _relabel(self) -> None:
        t = self.ctx.t
        case = case_texts(self.case_id, self.ctx.lang)
        points = "".join(f"<li>{esc(p)}</li>" for p in case["learning_points"])
        synthetic = (f'<p class="dwl-help">{esc(t(T_SYNTHETIC))}</p>' if case["synthetic"] else "")
        self.title.value = f"<h3>{esc(t(T_TITLE))}</h3>"
        self.story.value = (f'<div class="dwl-mi-story"><h3>{esc(case["title"])}</h3>'
                            f'<p>{esc(case["description"])}</p>'
                            f"<b>{esc(t(T_LEARNING))}</b><ul>{points}</ul>{synthetic}</div>")
        self.figures_title.value = f"<h3>{esc(t(T_FIGURES))}</h3>"
        self.figures_hint.value = f'<p class="dwl-help">{esc(t(T_FIGURES_HINT))}</p>'
        self.use_table_button.description = t(T_USE_TABLE)
        self.case_button.description = t(T_BACK_TO_CASE)
        self.upload_hint.value = f'<p class="dwl-intro">{esc(t(T_UPLOAD_HINT))}</p>'
        self.upload.description = t(T_UPLOAD)
        self.income_title.value = f"<h3>{esc(t(T_INCOME))}</h3>"
        self.claims_hint.value = f'<p class="dwl-help">{esc(t(T_CLAIMS_HINT))}</p>'
        self.claims_box.set_title(0, t(T_CLAIMS))
        self._show_problems()
