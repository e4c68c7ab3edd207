"""The month's rules with their sources, as the lab shows them."""
from __future__ import annotations

from modules.payroll.sources import SUMMARY, rules_summary
from widgets.context import LabContext
from widgets.rules_panel import RulesPanel


def test_summary_has_the_values_in_force_formatted_for_the_locale():
    es = rules_summary("2025-07", "es").set_index("name")
    assert es.loc["rmv", "value"] == "S/\xa01,130.00"
    assert es.loc["rmv", "label"] == "Remuneración mínima vital (RMV)"
    assert es.loc["essalud.rate", "value"] == "9.00 %"
    assert "DS 006-2024-TR" in es.loc["rmv", "reference"]
    dec24 = rules_summary("2024-12", "en").set_index("name")
    assert dec24.loc["rmv", "value"] == "S/\xa01,025.00"
    assert dec24.loc["income_tax.uit", "value"] == "S/\xa05,150.00"
    assert list(es.index) == list(SUMMARY)


def test_illustrative_figures_are_flagged_as_the_parameter_files_say():
    from modules.payroll import load_rules

    rules = load_rules("pe")
    summary = rules_summary("2025-07", "es").set_index("name")
    for name in SUMMARY:
        assert summary.loc[name, "illustrative"] == rules.entry(name, "2025-07-31")["illustrative"]
    assert summary["illustrative"].any()  # e.g. the AFP maximum insurable remuneration
    assert not summary.loc["rmv", "illustrative"]


def test_panel_shows_the_illustrative_warning_in_the_lab_language():
    ctx = LabContext("es")
    panel = RulesPanel(ctx)
    assert panel.layout.display == "none"
    panel.show("2025-07")
    n = int(rules_summary("2025-07", "es")["illustrative"].sum())
    assert f"{n} de estas cifras son ilustrativas" in panel.body.value
    assert panel.get_title(0) == "Reglas usadas para Julio 2025 y sus fuentes"
    assert panel.body.value.count("dwl-badge-illustrative\">ilustrativo") == n
    ctx.lang = "en"
    assert panel.get_title(0) == "Rules used for July 2025 and their sources"
    assert "are illustrative" in panel.body.value


def test_payroll_view_shows_the_rules_of_the_computed_month():
    from widgets import PayrollLab

    lab = PayrollLab("es")
    assert lab.payroll.rules.layout.display == "none"
    lab.editor.load_case("pe_cusco_hotel")
    lab.payroll.set_period("2024-12")
    lab.payroll.compute()
    assert lab.payroll.rules.period == "2024-12"
    assert "S/\xa01,025.00" in lab.payroll.rules.body.value  # the RMV of December 2024
