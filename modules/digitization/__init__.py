"""Cash or digital wages: the business case of moving an enterprise's pay from cash to
bank accounts or e-wallets (this package's business-case part), and the readiness of a
responsible transition (``modules.digitization.readiness``, ``survey``, ``plan``; import
them by their full path).

    from modules.digitization import BUSINESS_INPUTS, business_case, defaults_from_register
    case = business_case({**defaults_from_register(workers, payroll)}, lang="es")
    case.monthly, case.summary

See ``MODEL.md`` for what is computed, the assumptions, the sources and the limits.
"""
from .business import (
    BUSINESS_INPUTS,
    FLAG_MESSAGES,
    MAX_SCENARIOS,
    MONTHLY_COLUMNS,
    SUMMARY_COLUMNS,
    BusinessCase,
    Comparison,
    business_case,
    business_case_batch,
    compare,
    defaults_from_register,
    flag_message,
    hourly_wage_from_rmv,
    load_parameters,
    sensitivity,
)
from ..inputs import InputError, InputSet, InputSpec

__all__ = [
    "BUSINESS_INPUTS",
    "FLAG_MESSAGES",
    "MAX_SCENARIOS",
    "MONTHLY_COLUMNS",
    "SUMMARY_COLUMNS",
    "BusinessCase",
    "Comparison",
    "InputError",
    "InputSet",
    "InputSpec",
    "business_case",
    "business_case_batch",
    "compare",
    "defaults_from_register",
    "flag_message",
    "hourly_wage_from_rmv",
    "load_parameters",
    "sensitivity",
]
