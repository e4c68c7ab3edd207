"""Reusable ipywidgets components of Decent Work Lab (each wraps a model of ``modules``).

    from widgets import PayrollLab, lang_from_request
    lab = PayrollLab()                       # trainer's default language
    lab.ctx.lang = lang_from_request()       # ?lang= of the page in Voilà
    lab
"""
from .common import Busy, Feedback, LanguageSwitch, report_exception, safe_callback
from .context import LabContext, lang_from_query, lang_from_request
from .download import DownloadButton, download_snippet, mime_type

__all__ = [
    "Busy", "DownloadButton", "Feedback", "LabContext", "LanguageSwitch", "PayrollLab",
    "PayrollView", "PayslipView", "RegisterEditor", "download_snippet", "lang_from_query",
    "lang_from_request", "mime_type", "report_exception", "safe_callback",
]


def __getattr__(name):  # the lab components import the models only when asked for
    if name == "PayrollLab":
        from .payroll_lab import PayrollLab
        return PayrollLab
    if name == "RegisterEditor":
        from .register_editor import RegisterEditor
        return RegisterEditor
    if name == "PayrollView":
        from .payroll_view import PayrollView
        return PayrollView
    if name == "PayslipView":
        from .payslip_view import PayslipView
        return PayslipView
    raise AttributeError(name)
