"""The "Cash or digital wages" lab (issue 3): workers -> business case -> readiness -> plan.

Its participant texts are in the ``digitization_lab`` translation domain
(``modules/locale/*/LC_MESSAGES/digitization_lab.po``), not in ``widgets``: this subpackage
is kept apart from the flat ``widgets/*.py`` modules whose strings live in ``widgets.po``.

    from widgets.digitization_lab import DigitizationLab
    lab = DigitizationLab("es", case_id="pe_lalibertad_agroexport")
"""
from .lab import DigitizationLab

__all__ = ["DigitizationLab"]
