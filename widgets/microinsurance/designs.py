"""Step 2 of the micro-insurance lab: up to three product designs, A, B and C.

Each design is a set of values of ``PRODUCT_INPUTS``; one form (generated from the
declaration) shows the design picked above it. A design can be added (the starting
design), copied or removed; a fourth is refused with a message. A value the model refuses
gets its message next to its field and the design keeps its last valid values, so the
results on screen stay.
"""
from __future__ import annotations

from typing import Callable

import ipywidgets as W

from modules.i18n import N_
from modules.microinsurance import GROUP_LABELS, PRODUCT_INPUTS

from ..common import Feedback, esc, safe_callback, wrap_row
from ..context import LabContext
from ..inputs_form import InputsForm
from .util import MAX_DESIGNS, T_DESIGN, design_names

T_TITLE = N_("Your product designs")
T_INTRO = N_("Design the micro-insurance: what the dockers pay and what it pays them. Make up to "
             "three designs (A, B, C) and compare them: the table of the designs side by side "
             "shows, for each one, whether the dockers can afford it and whether the fund lasts.")
T_PICK = N_("Design shown below:")
T_NEW = N_("New design")
T_COPY = N_("Copy this design")
T_REMOVE = N_("Remove this design")
T_TOO_MANY = N_("You can compare at most three designs. Remove one to make another.")
T_KEEP_ONE = N_("Keep at least one design.")
T_ADDED = N_("Design {name} added: change its figures below.")
T_REMOVED = N_("Design {name} removed.")
T_PREMIUM_MONTH = N_("{amount} a month")
T_PREMIUM_DAY = N_("{amount} per day worked")
T_PAYS = N_("Premium {premium}. It pays: {benefits}.")
T_PAYS_NOTHING = N_("Premium {premium}. It pays no benefit yet.")
T_B_MEDICAL = N_("medical costs of a work accident up to {amount}")
T_B_ALLOWANCE = N_("{amount} a day off work after an accident, after {waiting} waiting days, for "
                   "up to {days} days")
T_B_ALLOWANCE_SICK = N_("{amount} a day off work after an accident or when sick, after {waiting} "
                        "waiting days, for up to {days} days")
T_B_DEATH = N_("{amount} to the family on death")
T_B_DISABILITY = N_("{amount} on permanent disability")
T_B_PENSION = N_("{amount} a month into the docker's own pension savings")
T_QUICK = N_("Now:")
T_QUICK_RUIN = N_("ruin {value} %")
T_QUICK_CLAIMS = N_("claims ratio {value} %")
T_QUICK_SHARE = N_("{value} % of income")
T_QUICK_SEE = N_("(all figures in the table)")

#: the designs a lab starts with: the model's starting design with a monthly premium, and
#: the same with a premium per day worked (the case's first learning point)
STARTING_DESIGNS: tuple[dict, ...] = ({}, {"premium_daily": True})


def premium_text(values: dict, t) -> str:
    if values["premium_daily"]:
        return t(T_PREMIUM_DAY, amount=t.money(values["premium_day"]))
    return t(T_PREMIUM_MONTH, amount=t.money(values["premium_month"]))


def benefit_texts(values: dict, t) -> list[str]:
    """What a design pays, one phrase per benefit it has."""
    v, out = values, []
    if v["medical_cap"] > 0:
        out.append(t(T_B_MEDICAL, amount=t.money(v["medical_cap"])))
    if v["daily_allowance"] > 0:
        msgid = T_B_ALLOWANCE_SICK if v["cover_sickness"] else T_B_ALLOWANCE
        out.append(t(msgid, amount=t.money(v["daily_allowance"]), waiting=int(v["waiting_days"]),
                     days=int(v["max_days"])))
    if v["death_benefit"] > 0:
        out.append(t(T_B_DEATH, amount=t.money(v["death_benefit"])))
    if v["disability_benefit"] > 0:
        out.append(t(T_B_DISABILITY, amount=t.money(v["disability_benefit"])))
    if v["pension_contribution"] > 0:
        out.append(t(T_B_PENSION, amount=t.money(v["pension_contribution"])))
    return out


def describe(values: dict, t) -> str:
    """A design in one sentence: its premium and what it pays."""
    benefits = benefit_texts(values, t)
    if not benefits:
        return t(T_PAYS_NOTHING, premium=premium_text(values, t))
    return t(T_PAYS, premium=premium_text(values, t), benefits="; ".join(benefits))


class DesignsView(W.VBox):
    """Picker, add/copy/remove, the picked design's sentence and its form.

    State: ``designs`` (list of validated product inputs, A first), ``selected`` (index of
    the design in the form). ``on_change(callback)``: called after every valid change of a
    design and after a design is added, copied or removed.
    """

    def __init__(self, ctx: LabContext, designs: list[dict] | None = None, **kwargs):
        self.ctx = ctx
        start = designs if designs is not None else list(STARTING_DESIGNS)
        self.designs: list[dict] = [PRODUCT_INPUTS.validate(d) for d in start][:MAX_DESIGNS]
        self.selected = 0
        self._callbacks: list[Callable[[], None]] = []
        self._quiet = False

        self.title = W.HTML()
        self.intro = W.HTML()
        self.pick_label = W.HTML()
        self.picker = W.ToggleButtons(options=[], style={"button_width": "auto"})
        self.picker.add_class("dwl-mi-picker")
        self.new_button = W.Button(icon="plus", layout=W.Layout(width="auto"))
        self.new_button.add_class("dwl-mi-new")
        self.copy_button = W.Button(icon="copy", layout=W.Layout(width="auto"))
        self.copy_button.add_class("dwl-mi-copy")
        self.remove_button = W.Button(icon="trash", layout=W.Layout(width="auto"))
        self.remove_button.add_class("dwl-mi-remove")
        self.feedback = Feedback(ctx)
        self.line = W.HTML(layout=W.Layout(width="100%"))
        self.line.add_class("dwl-mi-design-line")
        self.quick = W.HTML(layout=W.Layout(width="100%"))
        self.quick.add_class("dwl-mi-quick-box")
        self.outcome = None  # the lab's results in force, for the quick line
        self.form = InputsForm(ctx, PRODUCT_INPUTS, values=self.designs[0],
                               group_labels=GROUP_LABELS)
        super().__init__([
            self.title, self.intro,
            wrap_row([self.pick_label, self.picker]),
            wrap_row([self.new_button, self.copy_button, self.remove_button]),
            self.feedback, self.line, self.quick, self.form,
        ], layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-mi-designs")

        self.picker.observe(self._picked, names="value")
        self.form.on_change(safe_callback(ctx, self.feedback, clear=False)(self._form_changed))
        self.new_button.on_click(safe_callback(ctx, self.feedback)(lambda _b: self.add()))
        self.copy_button.on_click(safe_callback(ctx, self.feedback)(lambda _b: self.add(copy=True)))
        self.remove_button.on_click(safe_callback(ctx, self.feedback)(lambda _b: self.remove()))
        ctx.on_lang(self._relabel)
        self._relabel()

    # ------------------------------------------------------------------ public API
    def on_change(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    @property
    def names(self) -> list[str]:
        return design_names(len(self.designs))

    @property
    def named(self) -> dict[str, dict]:
        """``{"A": inputs, "B": inputs, ...}``, as the model's ``compare`` takes them."""
        return {name: dict(values) for name, values in zip(self.names, self.designs)}

    def select(self, index: int) -> None:
        """Show design ``index`` in the form."""
        index = max(0, min(int(index), len(self.designs) - 1))
        self.selected = index
        self._quiet = True
        try:
            self.form.set_values(self.designs[index])
        finally:
            self._quiet = False
        self._sync_picker()
        self._show_line()

    def add(self, copy: bool = False) -> bool:
        """A new design (the starting design, or a copy of the one shown); refused with a
        message past three."""
        if len(self.designs) >= MAX_DESIGNS:
            self.feedback.show(T_TOO_MANY, kind="warning")
            return False
        values = dict(self.designs[self.selected]) if copy else PRODUCT_INPUTS.defaults()
        self.designs.append(PRODUCT_INPUTS.validate(values))
        self.select(len(self.designs) - 1)
        self.feedback.show(T_ADDED, kind="ok", name=self.names[-1])
        self._buttons()
        self._notify()
        return True

    def remove(self, index: int | None = None) -> bool:
        """Remove a design (the one shown by default); the designs after it move up a
        letter. The last design cannot be removed."""
        if len(self.designs) <= 1:
            self.feedback.show(T_KEEP_ONE, kind="warning")
            return False
        index = self.selected if index is None else int(index)
        name = self.names[index]
        del self.designs[index]
        self.select(min(index, len(self.designs) - 1))
        self.feedback.show(T_REMOVED, kind="ok", name=name)
        self._buttons()
        self._notify()
        return True

    def set_inputs(self, **values) -> None:
        """Type values into the shown design's fields (as a participant would)."""
        for name, value in values.items():
            self.form.fields[name].input.value = value

    def apply(self, values: dict) -> None:
        """The same values (e.g. a trainer's adapted parameters) in every design."""
        if not values:
            return
        self.designs = [PRODUCT_INPUTS.validate({**d, **values}) for d in self.designs]
        self.select(self.selected)
        self._notify()

    def restore(self, designs: list[dict], selected: int = 0) -> None:
        """Put saved designs back without notifying (the lab recomputes once)."""
        checked = [PRODUCT_INPUTS.validate(d) for d in designs][:MAX_DESIGNS]
        self.designs = checked or [PRODUCT_INPUTS.defaults()]
        self.feedback.clear()
        self.select(selected)
        self._buttons()

    def show_quick(self, outcome=None) -> None:
        """The key results of the design shown, next to its figures (on a phone the
        side-by-side table is above them)."""
        from .comparison import claims_class, ruin_class, share_class

        if outcome is not None:
            self.outcome = outcome
        outcome, t = self.outcome, self.ctx.t
        name = self.names[self.selected]
        if outcome is None or name not in outcome.names:
            self.quick.value = ""
            return
        s = outcome.summary.loc[name]
        ruin, cr, share = (100 * float(s["ruin_probability"]), 100 * float(s["claims_ratio"]),
                           float(s["premium_share_pct"]))
        chips = [(ruin_class(ruin), t(T_QUICK_RUIN, value=t.number(ruin, 1))),
                 (claims_class(cr), t(T_QUICK_CLAIMS, value=t.number(cr, 1))),
                 (share_class(share), t(T_QUICK_SHARE, value=t.number(share, 1)))]
        self.quick.value = (f'<div class="dwl-mi-quick"><b>{esc(t(T_QUICK))}</b>'
                            + "".join(f'<span class="dwl-mi-chip {css}">{esc(text)}</span>'
                                      for css, text in chips)
                            + f'<span class="dwl-help">{esc(t(T_QUICK_SEE))}</span></div>')

    # ------------------------------------------------------------------ internals
    def _notify(self) -> None:
        for callback in self._callbacks:
            callback()

    def _form_changed(self, values: dict) -> None:
        if self._quiet:
            return
        self.designs[self.selected] = dict(values)
        self._show_line()
        self._notify()

    def _picked(self, change) -> None:
        if self._quiet or change["new"] is None or change["new"] == self.selected:
            return
        self.feedback.clear()
        self.select(change["new"])

    def _sync_picker(self) -> None:
        t = self.ctx.t
        options = [(t(T_DESIGN, name=n), i) for i, n in enumerate(self.names)]
        self.picker.unobserve(self._picked, names="value")
        try:
            if list(self.picker.options) != options:
                self.picker.options = options
            self.picker.value = self.selected
        finally:
            self.picker.observe(self._picked, names="value")

    def _buttons(self) -> None:
        full = len(self.designs) >= MAX_DESIGNS
        self.new_button.disabled = full
        self.copy_button.disabled = full
        self.remove_button.disabled = len(self.designs) <= 1

    def _dim_unused(self) -> None:
        """Grey out the premium field the design does not use (monthly or per day)."""
        daily = bool(self.form.fields["premium_daily"].input.value)
        for field, unused in (("premium_month", daily), ("premium_day", not daily)):
            box = self.form.fields[field].box
            if unused:
                box.add_class("dwl-mi-unused")
            else:
                box.remove_class("dwl-mi-unused")

    def _show_line(self) -> None:
        t = self.ctx.t
        self._dim_unused()
        name = self.names[self.selected]
        self.line.value = (f'<span class="dwl-mi-swatch dwl-mi-swatch-{name}"></span>'
                           f"<b>{esc(t(T_DESIGN, name=name))}</b>: "
                           f"{esc(describe(self.designs[self.selected], t))}")
        self.show_quick()

    def _relabel(self) -> None:
        t = self.ctx.t
        self.title.value = f"<h3>{esc(t(T_TITLE))}</h3>"
        self.intro.value = f'<p class="dwl-intro">{esc(t(T_INTRO))}</p>'
        self.pick_label.value = f"<b>{esc(t(T_PICK))}</b>&nbsp;"
        self.new_button.description = t(T_NEW)
        self.copy_button.description = t(T_COPY)
        self.remove_button.description = t(T_REMOVE)
        self._sync_picker()
        self._buttons()
        self._show_line()
