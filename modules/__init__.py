"""Decent Work Lab models: pure Python + pandas, no user-interface code.

Sub-packages: ``register`` (worker register), ``payroll`` (Peru payroll engine and rule
pack), ``payslips`` (PDF pay slips). Shared helpers: ``i18n`` (gettext catalogs and
locale formats through Babel) and ``config`` (the trainer's settings file).
"""
