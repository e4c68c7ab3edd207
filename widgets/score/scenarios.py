"""Step 2 of the SCORE lab: up to three named scenarios, each a choice of SCORE modules.

A scenario is the five SCORE modules of ``modules.productivity`` (Workplace Cooperation,
Quality Management, Clean Production, Workforce Management, OSH), each with its declared
inputs (take it or not, start month, months to full effect, fee, coaching days, worker time,
effect achieved) in an :class:`~widgets.inputs_form.InputsForm`; a module's details show
when it is taken. Scenarios are named "A", "B", "C" (a participant may rename them); a new
scenario starts as a copy of the one on screen. The expected effects of each module (the
model's ``params/effects.yaml``) are shown with their illustrative mark and reference.
"""
from __future__ import annotations

import ipywidgets as W

from modules.i18n import N_
from modules.inputs import InputSet
from modules.productivity import LEVER_NAMES, LEVERS, MAX_SCENARIOS, PRODUCTIVITY_INPUTS, default_effects
from modules.productivity.model import KPIS, _yaml

from ..common import Feedback, esc, safe_callback
from ..context import LabContext
from ..inputs_form import InputsForm
from .util import signed_percent

#: the declared inputs of each SCORE module (``{lever}_on``, ``_start``, ``_ramp``, ...)
LEVER_INPUTS: dict[str, InputSet] = {
    lever: InputSet([s for s in PRODUCTIVITY_INPUTS if s.group == LEVER_NAMES[lever]]) for lever in LEVERS}
LEVER_FIELDS = tuple(name.split("_", 1)[1] for name in LEVER_INPUTS["wc"].names)
SCENARIO_NAMES = ("A", "B", "C", "D", "E", "F")
MAX_NAME = 24

T_TITLE = N_("SCORE modules")
T_INTRO = N_("Choose the modules each scenario takes. Compare up to three scenarios: the "
             "results follow every change at once.")
T_SCENARIO = N_("Scenario")
T_ADD = N_("Add a scenario")
T_ADD_HINT = N_("A new scenario starts as a copy of the one on screen.")
T_REMOVE = N_("Remove this scenario")
T_NAME = N_("Name of this scenario")
T_ADDED = N_("Scenario “{name}” added: a copy of “{source}”. Change its modules.")
T_REMOVED = N_("Scenario “{name}” removed.")
T_TOO_MANY = N_("At most three scenarios: remove one to add another.")
T_LAST_ONE = N_("Keep at least one scenario.")
T_NAME_EMPTY = N_("Give the scenario a name.")
T_NAME_TAKEN = N_("Another scenario is already called “{name}”.")
T_NAME_LONG = N_("A name has at most {max} characters.")
T_WC_FIRST = N_("In SCORE, Workplace Cooperation comes first: the other modules build on the "
                "improvement team it sets up.")
T_NONE_TAKEN = N_("No module taken yet: this scenario is the enterprise without SCORE.")
T_AT_FULL = N_("At full effect (illustrative): {effects}.")
T_NO_EFFECT = N_("no effect in the table")
T_MODULE_NOTE = N_("Illustrative figures: replace the fee, days, hours and effects with the "
                   "training provider's quotation and your own targets.")
T_FIELDS_HELP = N_("What do these figures mean?")
T_EFFECTS = N_("Expected effects of each module at full effect (illustrative)")
T_EFFECTS_NOTE = N_("No public effect sizes per module were found for Indonesian SMEs: these are "
                    "cautious orders of magnitude for discussion. Effects of several modules "
                    "multiply.")
T_REFERENCE = N_("Reference: {reference}")
T_MODULE = N_("Module")
#: references of the parameter files, translated when shown (an unknown one shows as written)
REFERENCES = (N_("Illustrative; order of magnitude of SCORE results reported in ILO WCMS_321117 "
                 "and ILO Jakarta WCMS_613999"),)

#: what each module works on (one line for managers)
LEVER_ABOUT = {
    "wc": N_("Managers and workers improve the factory together: an improvement team, "
             "communication and suggestions."),
    "qm": N_("Fewer defects and less rework: quality standards, checks at the source and "
             "solving root causes."),
    "cp": N_("Less waste of materials, energy and water."),
    "wfm": N_("Hiring, training, pay and working conditions that make workers stay."),
    "osh": N_("Safer machines and workplaces: fewer accidents and absences."),
}
#: the KPIs of the effects table (``modules.productivity.KPIS``)
EFFECT_LABELS = {
    "productivity": N_("Units per worked hour"),
    "defect_rate": N_("Defects"),
    "rework_rate": N_("Rework"),
    "absenteeism": N_("Absenteeism"),
    "turnover": N_("Staff turnover"),
    "accidents": N_("Accidents"),
    "late_deliveries": N_("Late deliveries"),
    "material": N_("Materials per unit"),
    "energy": N_("Energy per unit"),
}


def effects_html(t) -> str:
    """The effects table (levers x KPIs, in %) with its illustrative mark and reference."""
    e = default_effects()
    head = "".join(f'<th class="num">{esc(t(EFFECT_LABELS[k]))}</th>' for k in KPIS)
    rows = []
    for lever in LEVERS:
        cells = "".join(f'<td class="num">{esc(signed_percent(t, e.loc[lever, k] * 100) if e.loc[lever, k] else "·")}</td>'
                        for k in KPIS)
        rows.append(f"<tr><td>{esc(t(LEVER_NAMES[lever]))}</td>{cells}</tr>")
    reference = t(str(_yaml("effects.yaml").get("reference", "")))
    return (f'<div class="dwl-score-scroll"><table class="dwl-table dwl-score-effects"><thead><tr>'
            f'<th>{esc(t(T_MODULE))}</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
            f'<div class="dwl-illustrative">⚠ {esc(t(T_EFFECTS_NOTE))}</div>'
            f'<div class="dwl-source">{esc(t(T_REFERENCE, reference=reference))}</div>')


class ModuleCard(W.VBox):
    """One SCORE module of one scenario: what it works on, its expected effects, and its
    declared inputs (the details show when the module is taken)."""

    def __init__(self, ctx: LabContext, lever: str, values: dict | None = None, **kwargs):
        self.ctx, self.lever = ctx, lever
        self.header = W.HTML()
        self.note = W.HTML()
        self.form = InputsForm(ctx, LEVER_INPUTS[lever], values=values)
        self.form.add_class("dwl-score-module-form")
        super().__init__([self.header, self.form, self.note],
                         layout=W.Layout(width="100%", border="1px solid #cfd8dc", padding="2px 8px",
                                         margin="4px 0"), **kwargs)
        self.add_class("dwl-score-module")
        self.add_class(f"dwl-score-module-{lever}")
        self.form.fields[f"{lever}_on"].input.observe(lambda _c: self._show_details(), names="value")
        ctx.on_lang(self._relabel)
        self._relabel()
        self._show_details()

    @property
    def taken(self) -> bool:
        return bool(self.form.fields[f"{self.lever}_on"].input.value)

    def _show_details(self) -> None:
        on = self.taken
        for name, field in self.form.fields.items():
            if name != f"{self.lever}_on":
                field.box.layout.display = None if on else "none"
        self.note.layout.display = None if on else "none"
        if on:
            self.add_class("dwl-score-taken")
        else:
            self.remove_class("dwl-score-taken")

    def _relabel(self) -> None:
        t = self.ctx.t
        e = default_effects().loc[self.lever]
        effects = ", ".join(f"{t(EFFECT_LABELS[k])} {signed_percent(t, e[k] * 100)}" for k in KPIS if e[k])
        self.header.value = (f'<h4 class="dwl-score-module-name">{esc(t(LEVER_NAMES[self.lever]))}</h4>'
                             f'<div class="dwl-help">{esc(t(LEVER_ABOUT[self.lever]))} '
                             f"{esc(t(T_AT_FULL, effects=effects or t(T_NO_EFFECT)))}</div>")
        self.note.value = f'<div class="dwl-illustrative">⚠ {esc(t(T_MODULE_NOTE))}</div>'


class ScenarioEditor(W.VBox):
    """The five modules of one scenario. ``values``: the validated lever inputs in force."""

    def __init__(self, ctx: LabContext, values: dict | None = None, **kwargs):
        self.ctx = ctx
        self._callbacks = []
        values = values or {}
        self.cards = {lever: ModuleCard(ctx, lever, {k: v for k, v in values.items()
                                                    if k in LEVER_INPUTS[lever]})
                      for lever in LEVERS}
        self.advice = W.HTML()
        self.advice.add_class("dwl-score-advice")
        super().__init__([self.advice, *self.cards.values()], layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-score-editor")
        for card in self.cards.values():
            card.form.on_change(lambda _v: self._changed())
        ctx.on_lang(self._show_advice)
        self._show_advice()

    @property
    def values(self) -> dict:
        out = {}
        for card in self.cards.values():
            out.update(card.form.values)
        return out

    def on_change(self, callback) -> None:
        self._callbacks.append(callback)

    def set_values(self, values: dict) -> None:
        for lever, card in self.cards.items():
            mine = {k: v for k, v in values.items() if k in LEVER_INPUTS[lever]}
            if mine:
                card.form.set_values(mine)

    def _changed(self) -> None:
        self._show_advice()
        for callback in self._callbacks:
            callback()

    def _show_advice(self) -> None:
        t = self.ctx.t
        values = self.values
        taken = [lv for lv in LEVERS if values[f"{lv}_on"]]
        if not taken:
            self.advice.value = f'<div class="dwl-msg dwl-msg-info">ℹ {esc(t(T_NONE_TAKEN))}</div>'
        elif "wc" not in taken:
            self.advice.value = f'<div class="dwl-msg dwl-msg-warning">⚠ {esc(t(T_WC_FIRST))}</div>'
        else:
            self.advice.value = ""


class ScenariosView(W.VBox):
    """Scenario picker (add, remove, rename) and the module editor of the picked scenario.

    ``scenarios``: ``{name: lever inputs}`` in order; ``on_change(callback)`` after every
    valid change (a module, a name, a scenario added or removed)."""

    def __init__(self, ctx: LabContext, **kwargs):
        self.ctx = ctx
        self._callbacks = []
        self.editors: dict[str, ScenarioEditor] = {}
        self.title = W.HTML()
        self.intro = W.HTML()
        self.picker_label = W.HTML()
        self.picker = W.ToggleButtons(options=["A"], value="A", style={"button_width": "auto"})
        self.picker.add_class("dwl-score-picker")
        self.add_button = W.Button(icon="plus", layout=W.Layout(width="auto"))
        self.add_button.add_class("dwl-score-add")
        self.remove_button = W.Button(icon="trash", layout=W.Layout(width="auto"))
        self.remove_button.add_class("dwl-score-remove")
        self.feedback = Feedback(ctx)
        self.name_label = W.HTML()
        self.name = W.Text(value="A", continuous_update=False,
                           layout=W.Layout(width="100%", max_width="22em"))
        self.name.add_class("dwl-score-name")
        self.name_message = W.HTML()
        self.name_message.add_class("dwl-field-msg")
        name_box = W.VBox([self.name_label, self.name, self.name_message],
                          layout=W.Layout(width="100%"))
        name_box.add_class("dwl-field")
        self.editor_box = W.VBox(layout=W.Layout(width="100%"))
        self.fields_help = W.HTML()
        self.effects = W.HTML()
        self.effects.add_class("dwl-score-effects-box")
        self.modules_box = W.VBox([self.editor_box, self.fields_help, self.effects],
                                  layout=W.Layout(flex="1 1 320px", min_width="0", margin="0 10px 0 0"))
        self.modules_box.add_class("dwl-score-inputs")
        self.side = W.VBox(layout=W.Layout(flex="1 1 340px", min_width="0"))
        self.side.add_class("dwl-score-side")
        bar = W.Box([self.picker_label, self.picker, self.add_button, self.remove_button],
                    layout=W.Layout(display="flex", flex_flow="row wrap", align_items="center",
                                    width="100%"))
        bar.add_class("dwl-score-bar")
        body = W.Box([self.modules_box, self.side],
                     layout=W.Layout(display="flex", flex_flow="row wrap", width="100%",
                                     align_items="flex-start"))
        super().__init__([self.title, self.intro, bar, self.feedback, name_box, body],
                         layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-score-scenarios")

        self.picker.observe(self._picked, names="value")
        self.add_button.on_click(safe_callback(ctx, self.feedback)(lambda _b: self.add()))
        self.remove_button.on_click(safe_callback(ctx, self.feedback)(lambda _b: self.remove()))
        self._name_handler = safe_callback(ctx, self.feedback)(self._name_typed)
        self.name.observe(self._name_handler, names="value")
        self._add_editor("A", {"wc_on": True})
        self.select("A")
        ctx.on_lang(self._relabel)
        self._relabel()

    # ------------------------------------------------------------------ public API
    @property
    def scenarios(self) -> dict[str, dict]:
        return {name: editor.values for name, editor in self.editors.items()}

    @property
    def current(self) -> str:
        return self.picker.value

    def on_change(self, callback) -> None:
        self._callbacks.append(callback)

    def card(self, lever: str, name: str | None = None) -> ModuleCard:
        return self.editors[name or self.current].cards[lever]

    def set_inputs(self, name: str | None = None, **values) -> None:
        """Type values into the module fields of scenario ``name`` (as a participant would)."""
        editor = self.editors[name or self.current]
        for key, value in values.items():
            lever = key.split("_", 1)[0]
            editor.cards[lever].form.fields[key].input.value = value

    def add(self) -> str | None:
        """A new scenario, a copy of the one on screen (at most ``MAX_SCENARIOS``)."""
        if len(self.editors) >= MAX_SCENARIOS:
            self.feedback.show(T_TOO_MANY, kind="warning")
            return None
        source = self.current
        name = next(n for n in SCENARIO_NAMES if n not in self.editors)
        self._add_editor(name, self.editors[source].values)
        self.select(name)
        self.feedback.show(T_ADDED, kind="ok", name=name, source=source)
        self._notify()
        return name

    def remove(self, name: str | None = None) -> None:
        name = name or self.current
        if len(self.editors) <= 1:
            self.feedback.show(T_LAST_ONE, kind="warning")
            return
        del self.editors[name]
        self.select(next(iter(self.editors)))
        self.feedback.show(T_REMOVED, kind="ok", name=name)
        self._notify()

    def rename(self, new: str, name: str | None = None) -> bool:
        """Rename a scenario; a bad name gets its message next to the name field."""
        t = self.ctx.t
        name = name or self.current
        new = (new or "").strip()
        problem = None
        if not new:
            problem = t(T_NAME_EMPTY)
        elif len(new) > MAX_NAME:
            problem = t(T_NAME_LONG, max=MAX_NAME)
        elif new != name and new in self.editors:
            problem = t(T_NAME_TAKEN, name=new)
        if problem:
            self.name_message.value = f'<div class="dwl-msg dwl-msg-error">⚠ {esc(problem)}</div>'
            return False
        self.name_message.value = ""
        if new == name:
            return True
        self.editors = {(new if k == name else k): v for k, v in self.editors.items()}
        self.select(new)
        self._notify()
        return True

    def set_scenarios(self, scenarios: dict[str, dict]) -> None:
        """Replace all scenarios (``{name: lever inputs}``, at most ``MAX_SCENARIOS``), e.g.
        saved work coming back; notifies once."""
        items = list((scenarios or {}).items())[:MAX_SCENARIOS]
        if not items:
            return
        self.editors = {}
        for name, values in items:
            self._add_editor(str(name), dict(values))
        self.select(next(iter(self.editors)))
        self._notify()

    def set_all(self, values: dict) -> None:
        """The same lever inputs (e.g. a trainer's fees for the session) in every scenario."""
        for editor in self.editors.values():
            editor.set_values(values)
        self._notify()

    def select(self, name: str) -> None:
        self._sync_picker(name)
        self.editor_box.children = [self.editors[name]]
        self._set_name_field(name)
        self.name_message.value = ""
        self.add_button.disabled = len(self.editors) >= MAX_SCENARIOS
        self.remove_button.disabled = len(self.editors) <= 1

    # ------------------------------------------------------------------ internals
    def _add_editor(self, name: str, values: dict) -> None:
        editor = ScenarioEditor(self.ctx, values)
        editor.on_change(self._notify)
        self.editors[name] = editor

    def _notify(self) -> None:
        for callback in self._callbacks:
            callback()

    def _sync_picker(self, value: str) -> None:
        self.picker.unobserve(self._picked, names="value")
        try:
            names = tuple(self.editors)
            if tuple(self.picker.options) != names:
                self.picker.options = names
            self.picker.value = value
        finally:
            self.picker.observe(self._picked, names="value")

    def _set_name_field(self, name: str) -> None:
        """Show ``name`` in the name field without taking it as typed (only our own observer
        is paused)."""
        self.name.unobserve(self._name_handler, names="value")
        try:
            self.name.value = name
        finally:
            self.name.observe(self._name_handler, names="value")

    def _picked(self, change) -> None:
        if change["new"] and change["new"] in self.editors:
            self.select(change["new"])

    def _name_typed(self, change) -> None:
        self.rename(change["new"], name=self.current)

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f"<h3>{esc(t(T_TITLE))}</h3>"
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'
        self.picker_label.value = f"<b>{esc(t(T_SCENARIO))}</b>&nbsp;"
        self.add_button.description = t(T_ADD)
        self.add_button.tooltip = t(T_ADD_HINT)
        self.remove_button.description = t(T_REMOVE)
        self.name_label.value = f"<b>{esc(t(T_NAME))}</b>"
        specs = [LEVER_INPUTS["wc"].spec(f"wc_{f}") for f in LEVER_FIELDS if f != "on"]
        items = "".join(f"<li><b>{esc(t(s.label))}</b> ({esc(t(s.unit))}): {esc(t(s.help))}</li>"
                        for s in specs)
        self.fields_help.value = (f'<details class="dwl-score-details"><summary>{esc(t(T_FIELDS_HELP))}'
                                  f"</summary><ul>{items}</ul></details>")
        self.effects.value = (f'<details class="dwl-score-details" open><summary>{esc(t(T_EFFECTS))}'
                              f"</summary>{effects_html(t)}</details>")
