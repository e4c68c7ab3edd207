"""The form generated from declared inputs: fields, messages, values, language."""
from __future__ import annotations

from modules.i18n import N_
from modules.inputs import InputSet, InputSpec
from widgets.context import LabContext
from widgets.inputs_form import InputsForm

INPUTS = InputSet([
    InputSpec("workers", "", 10, 1, 500, 1, N_("Workers"), N_("Workers"), group="a",
              source="register"),
    InputSpec("fee", N_("PEN"), 1.5, 0.0, 20.0, 0.1, N_("Fee"), N_("Fee"), group="a",
              illustrative=True),
    InputSpec("employer_pays", "", True, False, True, 1, N_("Employer pays"), N_("Employer pays"),
              group="b"),
])


def test_fields_follow_the_declaration_and_values_are_validated():
    ctx = LabContext("es")
    form = InputsForm(ctx, INPUTS)
    assert form.values == {"workers": 10, "fee": 1.5, "employer_pays": True}
    assert (form.fields["workers"].input.min, form.fields["workers"].input.max) == (1, 500)
    assert form.fields["employer_pays"].input.value is True
    assert "cifra ilustrativa" in form.fields["fee"].label.value
    assert "Fuente: register" in form.fields["workers"].label.value
    seen = []
    form.on_change(seen.append)
    form.fields["fee"].input.value = 2.5
    assert seen[-1]["fee"] == 2.5 and form.values["fee"] == 2.5
    form.set_values({"workers": 60})
    assert form.fields["workers"].input.value == 60 and seen[-1]["workers"] == 60


def test_language_switch_relabels():
    ctx = LabContext("es")
    form = InputsForm(ctx, INPUTS)
    ctx.lang = "en"
    assert "illustrative figure" in form.fields["fee"].label.value
