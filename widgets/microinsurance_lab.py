"""The "Micro-insurance for dockers" lab (issue 5), for notebooks: ``MicroinsuranceLab``.

The components live in the subpackage :mod:`widgets.microinsurance` (lab, dockers, designs,
side-by-side comparison, viability, affordability, downloads), whose texts are in the
``microinsurance_lab`` translation domain.
"""
from .microinsurance import MicroinsuranceLab

__all__ = ["MicroinsuranceLab"]
