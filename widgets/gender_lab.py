"""The gender-equality lab (SCORE, Indonesia), for notebooks: ``GenderLab``.

The components live in the subpackage :mod:`widgets.gender` (lab, staff, pay gap,
self-assessment, cost), whose texts are in the ``gender_lab`` translation domain.
"""
from .gender import GenderLab

__all__ = ["GenderLab"]
