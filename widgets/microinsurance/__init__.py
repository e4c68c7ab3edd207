"""The "Micro-insurance for dockers" lab (issue 5): dockers -> product -> viable? ->
affordable? -> download.

Its participant texts are in the ``microinsurance_lab`` translation domain
(``modules/locale/*/LC_MESSAGES/microinsurance_lab.po``); the model's own texts (input
labels, chart titles, the summary's indicators) are in the ``microinsurance`` domain.

    from widgets.microinsurance_lab import MicroinsuranceLab
    lab = MicroinsuranceLab("es")
"""
from .lab import MicroinsuranceLab

__all__ = ["MicroinsuranceLab"]
