"""Pay slips (boletas de pago): one PDF per worker and a ZIP of a whole payroll."""
from .archive import payslips_zip, slip_filename
from .pdf import payslip_pdf

__all__ = ["payslip_pdf", "payslips_zip", "slip_filename"]
