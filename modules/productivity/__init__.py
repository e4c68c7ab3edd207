"""SCORE productivity scenarios for Indonesian SMEs (see MODEL.md)."""
from .model import (KPI_LABELS, KPIS, LEVER_NAMES, LEVERS, MAX_SCENARIOS, MONTHLY_COLUMNS,
                    PRODUCTIVITY_INPUTS, SUMMARY_COLUMNS, Simulation, before_after, compare,
                    default_effects, load_legal_parameters, parameter_sources, simulate,
                    simulate_batch)

__all__ = ["KPI_LABELS", "KPIS", "LEVER_NAMES", "LEVERS", "MAX_SCENARIOS", "MONTHLY_COLUMNS",
           "PRODUCTIVITY_INPUTS", "SUMMARY_COLUMNS", "Simulation", "before_after", "compare",
           "default_effects", "load_legal_parameters", "parameter_sources", "simulate",
           "simulate_batch"]
