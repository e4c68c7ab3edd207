"""Micro-insurance viability for atypical workers: Lima's market dockers (see MODEL.md)."""
from .client import (PACE_DIMENSIONS, PACE_LABELS, PACE_NOTE, PACE_TEXTS, PENSION_AGES,
                     PENSION_SCENARIOS, Affordability, affordability, monthly_pension, pace,
                     pace_scores, pension_assumptions, pension_savings, savings_at_retirement)
from .model import (BENEFIT_LABELS, BENEFITS, CHUNK_RUNS, MAX_PRODUCTS, MAX_RUNS, MAX_YEARS,
                    MIN_RUNS, RUN_COLUMNS, SUMMARY_COLUMNS, Result, capped_lognormal_mean,
                    compare, days_off_pmf, expected_members, expected_values,
                    reference_member_level, simulate, simulate_products, summary_table,
                    sweep)
from .params import (CLAIMS_INPUTS, GROUP_LABELS, POPULATION_INPUTS, PRODUCT_INPUTS, benchmark,
                     load_legal, load_parameters, parameter_sources)
from .population import (MEMBER_INPUTS, Population, case_texts, dataset_manifest, load_dockers,
                         population_from_members, resolve_population, validate_members)

__all__ = [
    "Affordability", "BENEFITS", "BENEFIT_LABELS", "CHUNK_RUNS", "CLAIMS_INPUTS", "GROUP_LABELS",
    "MAX_PRODUCTS", "MAX_RUNS", "MAX_YEARS", "MEMBER_INPUTS", "MIN_RUNS", "PACE_DIMENSIONS",
    "PACE_LABELS", "PACE_NOTE", "PACE_TEXTS", "PENSION_AGES", "PENSION_SCENARIOS",
    "POPULATION_INPUTS", "PRODUCT_INPUTS", "Population", "RUN_COLUMNS", "Result",
    "SUMMARY_COLUMNS", "affordability", "benchmark", "capped_lognormal_mean", "case_texts",
    "compare", "dataset_manifest", "days_off_pmf", "expected_members", "expected_values",
    "load_dockers", "load_legal", "load_parameters", "monthly_pension", "pace", "pace_scores",
    "parameter_sources", "pension_assumptions", "pension_savings", "population_from_members",
    "reference_member_level", "resolve_population", "savings_at_retirement", "simulate",
    "simulate_products", "summary_table", "sweep", "validate_members",
]
