"""The gender-equality lab (SCORE gender module, Indonesia): staff -> pay gap ->
self-assessment -> cost of closing the gap.

Its participant texts are in the ``gender_lab`` translation domain
(``modules/locale/*/LC_MESSAGES/gender_lab.po``); the model's texts (measures, questions,
actions, column names) are in the ``gender`` domain.

    from widgets.gender_lab import GenderLab
    lab = GenderLab("id", case_id="id_garment")
"""
from .lab import GenderLab

__all__ = ["GenderLab"]
