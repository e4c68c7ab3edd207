"""The minimum wage (RMV) the validator checks against.

Read from the payroll rule pack (``modules.payroll``, parameters with dates and sources) when
it is installed; otherwise from the small table below, copied from the same sources.
"""
from __future__ import annotations

import logging
from functools import lru_cache

import pandas as pd

log = logging.getLogger(__name__)

# TODO(register): keep in step with the payroll rule pack; used only if modules.payroll is
# not importable. Sources: peruinforma.com history table; DS 003-2022-TR; DS 006-2024-TR.
_FALLBACK_RMV = (
    ("2011-08-15", 675.0),
    ("2012-06-01", 750.0),
    ("2016-05-01", 850.0),
    ("2018-04-01", 930.0),
    ("2022-05-01", 1025.0),
    ("2025-01-01", 1130.0),
)


@lru_cache(maxsize=1)
def _loader():
    try:
        from modules.payroll import load_rules
    except ImportError:
        log.info("modules.payroll not available; using the register's fallback RMV table")
        return None
    return load_rules


def _rule_pack():
    load_rules = _loader()
    # the payroll module caches the pack and re-reads it when a trainer edits the YAML
    return None if load_rules is None else load_rules("pe")


def _fallback_rmv(on: pd.Timestamp) -> float:
    value = float("nan")
    for start, amount in _FALLBACK_RMV:
        if pd.Timestamp(start) <= on:
            value = amount
    return value


def rmv(on) -> float:
    """RMV (soles a month) in force on date ``on``; NaN before the first known value."""
    on = pd.Timestamp(on).normalize()
    rules = _rule_pack()
    if rules is None:
        return _fallback_rmv(on)
    try:
        return float(rules.value("rmv", on.date()))
    except ValueError:  # RulesError: date before the first value
        return float("nan")
