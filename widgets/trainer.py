"""The trainer's toolkit: open a workshop session, adapt its parameters without code, follow
the room (who joined, how far, their results side by side, feedback), read the facilitator
guides and browse the case studies.

The trainer's code (``K7P-4QX-MR2``) opens a session's dashboard; participants only ever get
the session code. ``TrainerLab("es")`` in ``labs/trainer.ipynb``.
"""
from __future__ import annotations

import datetime as dt

import ipywidgets as W

from modules.i18n import N_, language_names
from modules.inputs import InputError
from modules.sessions import LAB_TITLES, LABS, RESULT_LABELS, SessionError, Workshop, adaptable_inputs

from .common import LAB_CSS, Busy, Feedback, LanguageSwitch, esc, safe_callback, scroll_box, wrap_row
from .context import LabContext, lang_from_request
from .download import DownloadButton
from .inputs_form import InputsForm

ALL_LANGUAGES = ("es", "en", "id")

CSS = """<style>
.dwl-trainer .widget-html > .widget-html-content { min-width: 0; max-width: 100%; }
.dwl-trainer .widget-html.dwl-guide { min-width: 0; }
.dwl-trainer .dwl-session-codes .dwl-msg { overflow-wrap: anywhere; }
</style>"""

T_TITLE = N_("Trainer's toolkit")
T_INTRO = N_("Open a workshop session and give its code to the room; adapt the figures to the "
             "local context; follow who joined, how far they got and their results; read the "
             "facilitator guide of each lab.")
T_STEP_SESSION = N_("1. Session")
T_STEP_PARAMS = N_("2. Local figures")
T_STEP_ROOM = N_("3. The room")
T_STEP_GUIDE = N_("4. Facilitator guide")
T_STEP_CASES = N_("5. Case studies")
T_OPEN_TITLE = N_("Open your session")
T_TRAINER_CODE = N_("Trainer code")
T_OPEN = N_("Open")
T_NEW_TITLE = N_("New session")
T_NAME = N_("Session name")
T_NAME_PLACEHOLDER = N_("e.g. Cusco, MSME workshop")
T_DATE = N_("Date")
T_PLACE = N_("Place")
T_LANG = N_("Language of the session")
T_LABS = N_("Labs")
T_CASE_FOR = N_("Case study")
T_CASE_NONE = N_("(participants choose)")
T_CREATE = N_("Create the session")
T_CREATED = N_("Session created. Give the room the session code; keep the trainer code for yourself.")
T_OPENED = N_("Session «{name}» opened.")
T_CODES = N_("Participants join with the code <b>{code}</b> (in every lab: «Workshop session»). "
             "Your trainer code, to open this page again: <b>{trainer_code}</b> — keep it to yourself.")
T_LINK = N_("Or give them this address on the trainer's network: {path}")
T_NO_SESSION = N_("Open or create a session first (step 1).")
T_PARAMS_HINT = N_("Change the figures to fit the place (fees, prices, wages, distances). Every "
                   "value is checked against the lab's declared range; participants who join "
                   "afterwards start with these figures. Values left at the default are not stored.")
T_PARAMS_LAB = N_("Lab")
T_SAVE_PARAMS = N_("Save for this session")
T_PARAMS_SAVED = N_("Saved: {n} figures adapted for {lab}.")
T_NO_PARAMS = N_("This lab has no figures to adapt: it follows the law's parameters.")
T_REFRESH = N_("Refresh")
T_WHO = N_("Who joined")
T_NOBODY = N_("Nobody has joined yet. Participants open a lab and type the session code.")
T_RESULTS = N_("Results side by side (anonymised)")
T_RESULT_KEY = N_("Show")
T_NO_RESULTS = N_("No results yet in this lab.")
T_FEEDBACK = N_("Feedback")
T_NO_FEEDBACK = N_("No feedback yet.")
T_AVERAGE = N_("Average rating: {value} of 5 ({n} answers)")
T_DL_XLSX = N_("Download the room's results (Excel)")
T_GUIDE_LAB = N_("Lab")
T_GUIDE_LANG = N_("Language")
T_DL_GUIDE = N_("Download the guide (PDF)")
T_FILTER_COUNTRY = N_("Country")
T_FILTER_SECTOR = N_("Sector")
T_FILTER_SIZE = N_("Size")
T_FILTER_MODULE = N_("Module")
T_ALL = N_("all")
T_CASES_COUNT = N_("{n} case studies")


def _cases_for(lab: str, lang: str) -> list[tuple[str, str]]:
    """``[(title, case id), ...]`` of the bundled case studies a lab can load."""
    from modules.catalogue import catalogue

    frame = catalogue(lang)
    rows = frame[frame["labs"].map(lambda labs: lab in labs)]
    return [(str(r["title"]), str(r["id"])) for _i, r in rows.iterrows()]


class TrainerLab(W.VBox):
    """The trainer's page. ``workshop``: the sessions store (default: the settings' SQLite)."""

    def __init__(self, lang: str | None = None, workshop: Workshop | None = None, **kwargs):
        self.ctx = LabContext(lang, languages=ALL_LANGUAGES)
        ctx = self.ctx
        self.workshop = workshop or Workshop()
        self.session = None
        self.title = W.HTML(layout=W.Layout(flex="1 1 14em"))
        self.language = LanguageSwitch(ctx)
        self.intro = W.HTML(layout=W.Layout(width="100%"))

        # 1. session ---------------------------------------------------------------------
        self.open_title, self.new_title = W.HTML(), W.HTML()
        self.trainer_code = W.Text(layout=W.Layout(width="11em"))
        self.trainer_code.add_class("dwl-trainer-code")
        self.open_button = W.Button(icon="folder-open", layout=W.Layout(width="auto"))
        self.open_button.add_class("dwl-open-session")
        self.open_feedback = Feedback(ctx)
        self.name = W.Text(layout=W.Layout(width="100%", max_width="28em"))
        self.name.add_class("dwl-session-name")
        self.date = W.DatePicker(value=dt.date.today(), layout=W.Layout(width="auto"))
        self.place = W.Text(layout=W.Layout(width="100%", max_width="20em"))
        self.session_lang = W.Dropdown(options=[(n, c) for c, n in language_names().items()],
                                       value=ctx.lang, layout=W.Layout(width="auto"))
        self.lab_checks = {lab: W.Checkbox(value=False, indent=False, layout=W.Layout(width="auto"))
                           for lab in LABS}
        self.case_pickers = {lab: W.Dropdown(layout=W.Layout(width="100%", max_width="24em", min_width="0"))
                             for lab in LABS}
        for lab, box in self.lab_checks.items():
            box.add_class(f"dwl-lab-{lab}")
            self.case_pickers[lab].add_class(f"dwl-case-{lab}")
        self.labels = {k: W.HTML() for k in ("name", "date", "place", "lang", "labs", "code")}
        self.create_button = W.Button(icon="plus", button_style="primary", layout=W.Layout(width="auto"))
        self.create_button.add_class("dwl-create-session")
        self.create_feedback = Feedback(ctx)
        self.codes = W.HTML()
        self.codes.add_class("dwl-session-codes")
        lab_rows = [wrap_row([self.lab_checks[lab], self.case_pickers[lab]]) for lab in LABS]
        self.session_step = W.VBox([
            self.codes,
            self.open_title, wrap_row([self.labels["code"], self.trainer_code, self.open_button]),
            self.open_feedback,
            self.new_title,
            self.labels["name"], self.name, wrap_row([W.VBox([self.labels["date"], self.date]),
                                                      W.VBox([self.labels["place"], self.place]),
                                                      W.VBox([self.labels["lang"], self.session_lang])]),
            self.labels["labs"], *lab_rows,
            self.create_button, self.create_feedback,
        ], layout=W.Layout(width="100%"))

        # 2. parameters ------------------------------------------------------------------
        self.params_hint = W.HTML()
        self.params_lab = W.Dropdown(layout=W.Layout(width="100%", max_width="32em", min_width="0"))
        self.params_lab.add_class("dwl-params-lab")
        self.params_lab_label = W.HTML()
        self.params_form_box = W.VBox(layout=W.Layout(width="100%"))
        self.params_forms: dict[str, InputsForm] = {}
        self.save_params = W.Button(icon="save", button_style="primary", layout=W.Layout(width="auto"))
        self.save_params.add_class("dwl-save-params")
        self.params_feedback = Feedback(ctx)
        self.params_step = W.VBox([self.params_hint, wrap_row([self.params_lab_label, self.params_lab]),
                                   self.params_feedback, self.save_params, self.params_form_box],
                                  layout=W.Layout(width="100%"))

        # 3. the room --------------------------------------------------------------------
        self.refresh_button = W.Button(icon="refresh", layout=W.Layout(width="auto"))
        self.refresh_button.add_class("dwl-refresh-room")
        self.room_feedback = Feedback(ctx)
        self.who_title, self.results_title, self.feedback_title = W.HTML(), W.HTML(), W.HTML()
        self.who = W.HTML()
        self.who.add_class("dwl-room-who")
        self.results_lab = W.Dropdown(layout=W.Layout(width="100%", max_width="32em", min_width="0"))
        self.result_key = W.Dropdown(layout=W.Layout(width="auto", min_width="14em"))
        self.result_key_label = W.HTML()
        self.results = W.HTML()
        self.results.add_class("dwl-room-results")
        self.results_chart = W.Image(format="png", layout=W.Layout(width="100%", max_width="640px",
                                                                   height="auto"))
        self.results_chart.add_class("dwl-room-chart")
        self.feedback_html = W.HTML()
        self.feedback_html.add_class("dwl-room-feedback")
        self.room_xlsx = DownloadButton(ctx, T_DL_XLSX, self.build_room_xlsx, css_class="dwl-dl-room")
        self.room_busy = Busy(ctx)
        self.room_step = W.VBox([
            wrap_row([self.refresh_button, self.room_busy, self.room_xlsx]), self.room_feedback,
            self.who_title, scroll_box(self.who),
            self.results_title, wrap_row([self.results_lab, self.result_key_label, self.result_key]),
            scroll_box(self.results), self.results_chart,
            self.feedback_title, scroll_box(self.feedback_html, "24em"),
        ], layout=W.Layout(width="100%"))

        # 4. guide, 5. case studies: built when first opened --------------------------------
        self.guide_step = W.VBox(layout=W.Layout(width="100%"))
        self.cases_step = W.VBox(layout=W.Layout(width="100%"))
        self._guide_built = self._cases_built = False

        self.steps = W.Tab(children=[self.session_step, self.params_step, self.room_step,
                                     self.guide_step, self.cases_step], layout=W.Layout(width="100%"))
        self.steps.add_class("dwl-steps")
        header = W.HBox([self.title, self.language],
                        layout=W.Layout(flex_flow="row wrap", align_items="center",
                                        justify_content="space-between", width="100%"))
        super().__init__([W.HTML(LAB_CSS + CSS), header, self.intro, self.steps],
                         layout=W.Layout(width="100%", max_width="1100px"), **kwargs)
        self.add_class("dwl-lab")
        self.add_class("dwl-trainer")

        self.open_button.on_click(safe_callback(ctx, self.open_feedback, None, self.open_button)(
            lambda _b: self.open_session(self.trainer_code.value)))
        self.create_button.on_click(safe_callback(ctx, self.create_feedback, None, self.create_button)(
            lambda _b: self.create_session()))
        self.params_lab.observe(safe_callback(ctx, self.params_feedback)(self._show_params_form),
                                names="value")
        self.save_params.on_click(safe_callback(ctx, self.params_feedback, None, self.save_params)(
            lambda _b: self.save_parameters()))
        self.refresh_button.on_click(safe_callback(ctx, self.room_feedback, self.room_busy,
                                                   self.refresh_button)(lambda _b: self.refresh_room()))
        self.results_lab.observe(safe_callback(ctx, self.room_feedback)(self._results_lab_changed),
                                 names="value")
        self.result_key.observe(safe_callback(ctx, self.room_feedback)(lambda _c: self._show_chart()),
                                names="value")
        self.steps.observe(safe_callback(ctx, self.room_feedback)(self._tab_changed),
                           names="selected_index")
        ctx.on_lang(self._relabel)
        self._relabel()

    @classmethod
    def from_request(cls, **kwargs) -> "TrainerLab":
        return cls(lang_from_request(ALL_LANGUAGES), **kwargs)

    def start_from_request(self) -> None:
        self.ctx.lang = lang_from_request(ALL_LANGUAGES)

    # ------------------------------------------------------------------ session
    def create_session(self) -> bool:
        labs = [lab for lab, box in self.lab_checks.items() if box.value]
        cases = {lab: self.case_pickers[lab].value for lab in labs if self.case_pickers[lab].value}
        try:
            session = self.workshop.create_session(self.name.value, self.date.value, self.place.value,
                                                   self.session_lang.value, labs, case_ids=cases,
                                                   ui_lang=self.ctx.lang)
        except SessionError as exc:
            self.create_feedback.show_text(str(exc), kind="error")
            return False
        self._use(session)
        self.create_feedback.show(T_CREATED, kind="ok")
        return True

    def open_session(self, trainer_code: str) -> bool:
        try:
            session = self.workshop.session_for_trainer(trainer_code, self.ctx.lang)
        except SessionError as exc:
            self.open_feedback.show_text(str(exc), kind="error")
            return False
        self._use(session)
        self.open_feedback.show(T_OPENED, kind="ok", name=session.name)
        return True

    def _use(self, session) -> None:
        self.session = session
        self.trainer_code.value = session.trainer_code
        self.params_forms = {}
        self._show_codes()
        self._fill_lab_dropdowns()
        self._show_params_form()
        self.refresh_room()

    def _show_codes(self) -> None:
        if self.session is None:
            self.codes.value = ""
            return
        t, s = self.ctx.t, self.session
        first = s.labs[0]
        path = f"/voila/render/{first}.ipynb?session={s.code}&lang={s.lang}"
        self.codes.value = (f'<div class="dwl-msg dwl-msg-ok" style="font-size:1.1em">'
                            f'<b>{esc(s.name)}</b> · {esc(t.date(s.date))} · {esc(s.place)}<br>'
                            f'{t(T_CODES, code=esc(s.code), trainer_code=esc(s.trainer_code))}<br>'
                            f'<span class="dwl-help">{esc(t(T_LINK, path=path))}</span></div>')

    def _lab_options(self) -> list[tuple[str, str]]:
        labs = self.session.labs if self.session else tuple(LABS)
        return [(self.ctx.t(LAB_TITLES[lab]), lab) for lab in labs]

    def _fill_lab_dropdowns(self) -> None:
        options = self._lab_options()
        for dropdown in (self.params_lab, self.results_lab):
            current = dropdown.value
            dropdown.options = options
            values = [v for _l, v in options]
            dropdown.value = current if current in values else (values[0] if values else None)

    # ------------------------------------------------------------------ parameters
    def _show_params_form(self, _change=None) -> None:
        lab = self.params_lab.value
        if self.session is None or lab is None:
            self.params_form_box.children = []
            return
        inputs = adaptable_inputs(lab)
        if inputs is None:
            self.params_form_box.children = []
            self.save_params.layout.display = "none"
            self.params_feedback.show(T_NO_PARAMS, kind="info")
            return
        self.save_params.layout.display = None
        if lab not in self.params_forms:
            self.params_forms[lab] = InputsForm(self.ctx, inputs, values=self.session.parameters_for(lab),
                                                group_labels={g: g for g in inputs.groups() if g})
        self.params_form_box.children = [self.params_forms[lab]]
        self.params_feedback.clear()

    def save_parameters(self) -> bool:
        lab = self.params_lab.value
        if self.session is None:
            self.params_feedback.show(T_NO_SESSION, kind="info")
            return False
        form = self.params_forms.get(lab)
        if form is None:
            return False
        try:  # what is typed, checked again (a field with a message keeps the last valid value)
            typed = form.inputs.validate(form._typed(), lang=self.ctx.lang)
        except InputError as exc:
            for name, field in form.fields.items():
                field.show_problem(exc.problems.get(name))
            self.params_feedback.show_text(str(exc), kind="error")
            return False
        defaults = form.inputs.defaults()
        adapted = {k: v for k, v in typed.items() if v != defaults[k]}
        parameters = {**self.session.parameters, lab: adapted}
        self.session = self.workshop.update_session(self.session.trainer_code, lang=self.ctx.lang,
                                                    parameters=parameters)
        self.params_feedback.show(T_PARAMS_SAVED, kind="ok", n=len(adapted),
                                  lab=self.ctx.t(LAB_TITLES[lab]))
        return True

    # ------------------------------------------------------------------ the room
    def refresh_room(self) -> None:
        from modules.dashboard import feedback_table, participants_table

        if self.session is None:
            self.room_feedback.show(T_NO_SESSION, kind="info")
            return
        self.room_feedback.clear()
        t, code = self.ctx.t, self.session.trainer_code
        people = participants_table(self.workshop, code, self.ctx.lang)
        self.who.value = (_frame_html(people) if len(people)
                          else f'<div class="dwl-help">{esc(t(T_NOBODY))}</div>')
        # show a lab that has results (the first lab of the list may have none yet)
        with_results = [lab for lab in self.session.labs
                        if len(self.workshop.results(code, lab, self.ctx.lang))]
        if with_results and self.results_lab.value not in with_results:
            self.results_lab.value = with_results[0]  # observed: shows its results
        self._results_lab_changed()
        fb = feedback_table(self.workshop, code, self.ctx.lang)
        if len(fb):
            ratings = fb.iloc[:, 1].astype(float)
            average = t(T_AVERAGE, value=t.number(ratings.mean(), 1), n=len(fb))
            self.feedback_html.value = f"<p><b>{esc(average)}</b></p>" + _frame_html(fb)
        else:
            self.feedback_html.value = f'<div class="dwl-help">{esc(t(T_NO_FEEDBACK))}</div>'

    def _results_lab_changed(self, _change=None) -> None:
        from modules.dashboard import results_table

        lab = self.results_lab.value
        if self.session is None or lab is None:
            return
        t = self.ctx.t
        table = results_table(self.workshop, self.session.trainer_code, lab, self.ctx.lang)
        raw = self.workshop.results(self.session.trainer_code, lab, self.ctx.lang)
        keys = [k for k in raw.columns if k in RESULT_LABELS and
                raw[k].map(lambda v: isinstance(v, (int, float)) and v == v).any()]
        current = self.result_key.value
        self.result_key.options = [(t(RESULT_LABELS[k]), k) for k in keys]
        self.result_key.value = current if current in keys else (keys[0] if keys else None)
        self.results.value = (_frame_html(table, t) if len(table)
                              else f'<div class="dwl-help">{esc(t(T_NO_RESULTS))}</div>')
        self._show_chart()

    def _show_chart(self) -> None:
        from modules.dashboard import results_figure

        key, lab = self.result_key.value, self.results_lab.value
        fig = (results_figure(self.workshop, self.session.trainer_code, lab, key, self.ctx.lang)
               if self.session is not None and key else None)
        if fig is None:
            self.results_chart.value = b""
            self.results_chart.layout.display = "none"
            return
        import io

        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        self.results_chart.value = buffer.getvalue()
        self.results_chart.layout.display = None

    def build_room_xlsx(self):
        from modules.dashboard import dashboard_xlsx

        if self.session is None:
            return None
        return dashboard_xlsx(self.workshop, self.session.trainer_code, self.ctx.lang)

    # ------------------------------------------------------------------ guide and cases
    def _tab_changed(self, change) -> None:
        if change["new"] == 2 and self.session is not None:
            self.refresh_room()
        if change["new"] == 3 and not self._guide_built:
            self._build_guide()
        if change["new"] == 4 and not self._cases_built:
            self._build_cases()

    def _build_guide(self) -> None:
        self._guide_built = True
        self.guide_lab = W.Dropdown(options=self._lab_options(),
                                    layout=W.Layout(width="100%", max_width="32em", min_width="0"))
        self.guide_lab.add_class("dwl-guide-lab")
        lang = self.session.lang if self.session else self.ctx.lang
        self.guide_lang = W.Dropdown(options=[(n, c) for c, n in language_names().items()],
                                     value=lang, layout=W.Layout(width="auto"))
        self.guide_lang.add_class("dwl-guide-lang")
        self.guide_labels = (W.HTML(), W.HTML())
        self.guide_feedback = Feedback(self.ctx)
        self.guide_html = W.HTML(layout=W.Layout(width="100%"))
        self.guide_html.add_class("dwl-guide")
        self.guide_pdf = DownloadButton(self.ctx, T_DL_GUIDE, self.build_guide_pdf,
                                        css_class="dwl-dl-guide")
        self.guide_step.children = [
            wrap_row([self.guide_labels[0], self.guide_lab, self.guide_labels[1], self.guide_lang]),
            self.guide_pdf, self.guide_feedback, self.guide_html]
        show = safe_callback(self.ctx, self.guide_feedback)(lambda _c=None: self._show_guide())
        self.guide_lab.observe(show, names="value")
        self.guide_lang.observe(show, names="value")
        self._relabel_guide()
        show()

    def _guide(self):
        from modules.guides import load_guide

        return load_guide(self.guide_lab.value, self.guide_lang.value)

    def _show_guide(self) -> None:
        from modules.guides import guide_html

        self.guide_html.value = guide_html(self._guide())

    def build_guide_pdf(self):
        from modules.guides import guide_filename, guide_pdf

        guide = self._guide()
        return guide_filename(guide), guide_pdf(guide)

    def _build_cases(self) -> None:
        self._cases_built = True
        self.case_filters = {k: W.Dropdown(layout=W.Layout(width="auto", min_width="9em"))
                             for k in ("country", "sector", "size", "module")}
        self.case_filter_labels = {k: W.HTML() for k in self.case_filters}
        self.cases_count = W.HTML()
        self.cases_html = W.HTML()
        self.cases_html.add_class("dwl-cases")
        self.cases_step.children = [
            wrap_row([W.VBox([self.case_filter_labels[k], d]) for k, d in self.case_filters.items()]),
            self.cases_count, scroll_box(self.cases_html, "40em")]
        for dropdown in self.case_filters.values():
            dropdown.observe(safe_callback(self.ctx, self.room_feedback)(lambda _c: self._show_cases()),
                             names="value")
        self._fill_case_filters()

    def _fill_case_filters(self) -> None:
        from modules.catalogue import COUNTRY_NAMES, MODULE_NAMES, SIZE_NAMES, SIZES, catalogue

        t = self.ctx.t
        frame = catalogue(self.ctx.lang)
        present = {
            "country": [(t(COUNTRY_NAMES.get(c, c)), c) for c in sorted(set(frame["country"]))],
            "sector": sorted({(g, s) for s, g in zip(frame["isic_section"], frame["sector_group"]) if s}),
            "size": [(t(SIZE_NAMES[z]), z) for z in SIZES if z in set(frame["size"])],
            "module": [(t(MODULE_NAMES[m]), m) for m in MODULE_NAMES
                       if any(m in mods for mods in frame["modules"])],
        }
        for key, dropdown in self.case_filters.items():
            current = dropdown.value
            options = [(t(T_ALL), "")] + list(present[key])
            dropdown.options = options
            dropdown.value = current if current in [v for _l, v in options] else ""
        labels = {"country": T_FILTER_COUNTRY, "sector": T_FILTER_SECTOR, "size": T_FILTER_SIZE,
                  "module": T_FILTER_MODULE}
        for key, label in self.case_filter_labels.items():
            label.value = f"<b>{esc(t(labels[key]))}</b>"
        self._show_cases()

    def _show_cases(self) -> None:
        from modules.catalogue import catalogue, catalogue_display, filter_catalogue

        t = self.ctx.t
        frame = catalogue(self.ctx.lang)
        chosen = {k: (d.value or None) for k, d in self.case_filters.items()}
        shown = filter_catalogue(frame, **chosen)
        self.cases_count.value = f"<p>{esc(t(T_CASES_COUNT, n=len(shown)))}</p>"
        self.cases_html.value = _frame_html(catalogue_display(shown, self.ctx.lang))

    # ------------------------------------------------------------------ language
    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f'<h1 class="dwl-title">{esc(t(T_TITLE))}</h1>'
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'
        self.steps.titles = tuple(t(x) for x in (T_STEP_SESSION, T_STEP_PARAMS, T_STEP_ROOM,
                                                 T_STEP_GUIDE, T_STEP_CASES))
        self.open_title.value = f"<h3>{esc(t(T_OPEN_TITLE))}</h3>"
        self.new_title.value = f"<h3>{esc(t(T_NEW_TITLE))}</h3>"
        for key, msg in (("name", T_NAME), ("date", T_DATE), ("place", T_PLACE), ("lang", T_LANG),
                         ("labs", T_LABS), ("code", T_TRAINER_CODE)):
            self.labels[key].value = f"<b>{esc(t(msg))}</b>"
        self.name.placeholder = t(T_NAME_PLACEHOLDER)
        self.trainer_code.placeholder = "K7P-4QX-MR2"
        self.open_button.description = t(T_OPEN)
        self.create_button.description = t(T_CREATE)
        for lab, box in self.lab_checks.items():
            box.description = t(LAB_TITLES[lab])
            current = self.case_pickers[lab].value
            cases = _cases_for(lab, self.ctx.lang)
            options = [(t(T_CASE_NONE), "")] + cases
            self.case_pickers[lab].options = options
            values = [v for _l, v in options]
            self.case_pickers[lab].value = current if current in values else (
                cases[0][1] if cases else "")
        self.params_hint.value = f'<div class="dwl-help">{esc(t(T_PARAMS_HINT))}</div>'
        self.params_lab_label.value = f"<b>{esc(t(T_PARAMS_LAB))}</b>"
        self.save_params.description = t(T_SAVE_PARAMS)
        self.refresh_button.description = t(T_REFRESH)
        self.who_title.value = f"<h3>{esc(t(T_WHO))}</h3>"
        self.results_title.value = f"<h3>{esc(t(T_RESULTS))}</h3>"
        self.result_key_label.value = f"<b>{esc(t(T_RESULT_KEY))}</b>"
        self.feedback_title.value = f"<h3>{esc(t(T_FEEDBACK))}</h3>"
        self._fill_lab_dropdowns()
        self._show_codes()
        if self.session is not None:
            self.refresh_room()
        if self._guide_built:
            self._relabel_guide()
        if self._cases_built:
            self._fill_case_filters()

    def _relabel_guide(self) -> None:
        t = self.ctx.t
        self.guide_labels[0].value = f"<b>{esc(t(T_GUIDE_LAB))}</b>"
        self.guide_labels[1].value = f"<b>{esc(t(T_GUIDE_LANG))}</b>"
        current = self.guide_lab.value
        self.guide_lab.options = self._lab_options()
        values = [v for _l, v in self.guide_lab.options]
        self.guide_lab.value = current if current in values else (values[0] if values else None)


def _frame_html(frame, t=None) -> str:
    """A translated frame as a ``dwl-table``; with ``t`` numbers are right-aligned and
    formatted for the locale."""
    import pandas as pd

    from .digitization.util import html_table

    def cell(value) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        if t is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
            return t.number(value, 0 if float(value).is_integer() else 2)
        return str(value)

    numeric = [j for j, c in enumerate(frame.columns)
               if t is not None and pd.api.types.is_numeric_dtype(frame[c])
               and not pd.api.types.is_bool_dtype(frame[c])]
    rows = [[cell(v) for v in row] for row in frame.itertuples(index=False)]
    return html_table([str(c) for c in frame.columns], rows, numeric=numeric, css="dwl-wrap")
