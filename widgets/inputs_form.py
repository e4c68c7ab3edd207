"""A form generated from a model's declared inputs (``modules.inputs.InputSet``).

One field per input: label with unit, a number box bounded by the declaration (a checkbox
for yes/no inputs), the help text, an "illustrative" mark for figures without a source, and
a message line under the field. Values are checked with the same declaration that checks
API calls (``InputSet.validate``); a bad value gets its message next to the field and the
other values stay as typed. ``on_change(callback)`` is called with the validated values.
"""
from __future__ import annotations

from typing import Any, Callable

import ipywidgets as W

from modules.i18n import N_
from modules.inputs import InputError, InputSet, InputSpec

from .common import esc
from .context import LabContext

T_ILLUSTRATIVE = N_("illustrative figure: no source; adapt it to your own case")
T_SOURCE = N_("Source: {source}")


class _InputField:
    def __init__(self, ctx: LabContext, spec: InputSpec, value: Any):
        self.ctx, self.spec = ctx, spec
        self.label = W.HTML()
        self.message = W.HTML()
        self.message.add_class("dwl-field-msg")
        if spec.kind == "bool":
            self.input = W.Checkbox(value=bool(value), indent=False, layout=W.Layout(width="auto"))
        elif spec.kind == "int":
            self.input = W.BoundedIntText(value=int(value), min=int(spec.min), max=int(spec.max),
                                          step=int(spec.step), layout=W.Layout(width="100%"))
        else:
            self.input = W.BoundedFloatText(value=float(value), min=float(spec.min),
                                            max=float(spec.max), step=float(spec.step),
                                            layout=W.Layout(width="100%"))
        self.input.add_class(f"dwl-input-{spec.name}")
        self.box = W.VBox([self.label, self.input, self.message],
                          layout=W.Layout(flex="1 1 15em", min_width="13em", max_width="100%",
                                          margin="2px 8px 6px 0"))
        self.box.add_class("dwl-field")
        self.relabel()

    def relabel(self) -> None:
        t, spec = self.ctx.t, self.spec
        unit = f" ({esc(t(spec.unit))})" if spec.unit else ""
        extra = ""
        if spec.illustrative:
            extra = f'<div class="dwl-illustrative">⚠ {esc(t(T_ILLUSTRATIVE))}</div>'
        elif spec.source:
            extra = f'<div class="dwl-source">{esc(t(T_SOURCE, source=spec.source))}</div>'
        self.label.value = (f"<b>{esc(t(spec.label))}</b>{unit}"
                            f'<div class="dwl-help">{esc(t(spec.help))}</div>{extra}')

    def show_problem(self, text: str | None) -> None:
        self.message.value = f'<div class="dwl-msg dwl-msg-error">⚠ {esc(text)}</div>' if text else ""


class InputsForm(W.VBox):
    """Fields for ``inputs`` (an :class:`~modules.inputs.InputSet`), grouped by ``group``."""

    def __init__(self, ctx: LabContext, inputs: InputSet, values: dict | None = None,
                 group_labels: dict[str | None, str] | None = None, **kwargs):
        self.ctx, self.inputs = ctx, inputs
        self.group_labels = group_labels or {}
        start = {**inputs.defaults(), **(values or {})}
        self.fields = {spec.name: _InputField(ctx, spec, start[spec.name]) for spec in inputs}
        self.values: dict = inputs.validate(start, lang=ctx.lang)
        self._callbacks: list[Callable[[dict], None]] = []
        self._titles: dict[str | None, W.HTML] = {}
        sections = []
        for group, specs in inputs.groups().items():
            title = W.HTML()
            self._titles[group] = title
            sections.append(title)
            sections.append(W.Box([self.fields[s.name].box for s in specs],
                                  layout=W.Layout(display="flex", flex_flow="row wrap", width="100%")))
        super().__init__(sections, layout=W.Layout(width="100%"), **kwargs)
        self.add_class("dwl-inputs")
        for field in self.fields.values():
            field.input.observe(self._changed, names="value")
        ctx.on_lang(self._relabel)
        self._relabel()

    def on_change(self, callback: Callable[[dict], None]) -> None:
        self._callbacks.append(callback)

    def set_values(self, values: dict) -> None:
        """Put new values in the fields (e.g. defaults from a register) and notify once."""
        checked = self.inputs.validate({**self.values, **values}, lang=self.ctx.lang)
        for name, field in self.fields.items():
            field.input.unobserve(self._changed, names="value")
            try:
                field.input.value = checked[name]
            finally:
                field.input.observe(self._changed, names="value")
            field.show_problem(None)
        self.values = checked
        for callback in self._callbacks:
            callback(dict(self.values))

    def _typed(self) -> dict:
        return {name: field.input.value for name, field in self.fields.items()}

    def _changed(self, _change=None) -> None:
        try:
            checked = self.inputs.validate(self._typed(), lang=self.ctx.lang)
        except InputError as exc:
            for name, field in self.fields.items():
                field.show_problem(exc.problems.get(name))
            return  # the last valid values stay in force; what was typed stays in the fields
        for field in self.fields.values():
            field.show_problem(None)
        self.values = checked
        for callback in self._callbacks:
            callback(dict(self.values))

    def _relabel(self) -> None:
        t = self.ctx.t
        for group, title in self._titles.items():
            label = self.group_labels.get(group)
            title.value = f"<h4>{esc(t(label))}</h4>" if label else ""
        for field in self.fields.values():
            field.relabel()
