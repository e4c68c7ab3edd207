"""Peru payroll: rule pack ``pe`` (dated parameters in YAML) and a vectorised engine.

    from modules.payroll import compute_payroll, load_rules, RulesError, PAYROLL_COLUMNS
    payroll = compute_payroll(workers, period="2025-07", rules="pe")

See ``MODEL.md`` for what is computed, the assumptions, the sources and the limits.
"""
from .engine import (
    PAYROLL_COLUMNS,
    PayrollInputError,
    compute_payroll,
    round_half_up,
)
from .rules import Period, Rules, RulesError, available_rule_packs, load_rules, parse_period
from .vacation import vacation_days

__all__ = [
    "PAYROLL_COLUMNS",
    "PayrollInputError",
    "Period",
    "Rules",
    "RulesError",
    "available_rule_packs",
    "compute_payroll",
    "load_rules",
    "parse_period",
    "round_half_up",
    "vacation_days",
]
