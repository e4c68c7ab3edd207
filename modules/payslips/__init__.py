"""Pay slips (boletas de pago): one PDF per worker and a ZIP of a whole payroll.

The PDF library (fpdf2, with fontTools and Pillow) is imported on first use, not when the
lab starts: a participant's kernel pays for it only once pay slips are made.
"""
from __future__ import annotations

import importlib

__all__ = ["payslip_pdf", "payslips_zip", "slip_filename"]
_WHERE = {"payslip_pdf": ".pdf", "payslips_zip": ".archive", "slip_filename": ".archive"}


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
