"""The "Cash or digital wages" lab (issue 3), for notebooks: ``DigitizationLab``.

The components live in the subpackage :mod:`widgets.digitization` (lab, business case,
readiness, plan), whose texts are in the ``digitization_lab`` translation domain.
"""
from .digitization import DigitizationLab

__all__ = ["DigitizationLab"]
