"""Paid vacation days per year of service (30 general, 15 REMYPE; none under 4 h a day)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .engine import REGIMES, _codes, _lookup
from .rules import load_rules, parse_period


def vacation_days(workers: pd.DataFrame, period: Any = "2025-07", rules: Any = "pe",
                  lang: str | None = None) -> pd.Series:
    """Annual vacation days each worker is entitled to under the rules in force in ``period``.

    30 calendar days in the general regime, 15 in the REMYPE (micro, small) regimes, none
    for a part-time worker under 4 hours a day (weekly_hours < 24; DL 713 art. 12).
    """
    R = load_rules(rules, lang=lang)
    on = parse_period(period, lang).last_day
    regime = _codes(workers["regime"], REGIMES)
    days = _lookup(R.value("vacation.days", on), REGIMES, regime)
    hours = pd.to_numeric(workers["weekly_hours"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    days = np.where((regime >= 0) & (hours >= float(R.value("part_time.min_weekly_hours", on))), days, 0.0)
    return pd.Series(days, index=workers.index, name="vacation_days")
