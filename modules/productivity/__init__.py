"""SCORE productivity scenarios for Indonesian SMEs (see MODEL.md)."""
from .cases import EnterpriseCase, enterprise_case_studies, load_enterprise_case
from .model import (KPI_LABELS, KPIS, LEVER_NAMES, LEVERS, MAX_SCENARIOS, MONTHLY_COLUMNS,
                    PRODUCTIVITY_INPUTS, SUMMARY_COLUMNS, Simulation, before_after, compare,
                    default_effects, load_legal_parameters, parameter_sources, simulate,
                    simulate_batch)

__all__ = ["KPI_LABELS", "KPIS", "LEVER_NAMES", "LEVERS", "MAX_SCENARIOS", "MONTHLY_COLUMNS",
           "PRODUCTIVITY_INPUTS", "SUMMARY_COLUMNS", "EnterpriseCase", "Simulation", "before_after",
           "compare", "default_effects", "enterprise_case_studies", "load_enterprise_case",
           "load_legal_parameters", "parameter_sources", "simulate", "simulate_batch"]
