"""The "Cash or digital wages" lab (issue 3): workers -> business case -> readiness -> plan.

Its participant texts are in the ``digitization_lab`` translation domain
(``modules/locale/*/LC_MESSAGES/digitization_lab.po``), not in ``widgets``: this subpackage
is kept apart from the flat ``widgets/*.py`` modules whose strings live in ``widgets.po``.

    from widgets.digitization_lab import DigitizationLab
    lab = DigitizationLab("es", case_id="pe_lalibertad_agroexport")
"""
__all__ = ["DigitizationLab"]


def __getattr__(name):
    # The other labs import this package's helpers (``widgets.digitization.util``): the lab
    # itself (register editor, payroll engine, business case, plan) is imported only when asked.
    if name == "DigitizationLab":
        from .lab import DigitizationLab

        return DigitizationLab
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
