"""The worker register: one row per worker, read from CSV/Excel, validated, exported.

    from modules.register import load_register, validate_register, RegisterError, COLUMNS
    workers, problems = load_register("my_register.csv", lang="es")

See ``MODEL.md`` beside this file for what is checked and why.
"""
from .employer import is_valid_ruc, validate_employer
from .errors import RegisterError
from .io import load_register, parse_dates, parse_numbers, to_csv_bytes, to_xlsx_bytes
from .masking import mask_account, mask_id, mask_series, mask_workers
from .rules import rmv
from .schema import (AFP_NAMES, BY_NAME, COLUMN_NAMES, COLUMNS, PERSONAL_COLUMNS,
                     REQUIRED_COLUMNS, Choice, Column, column, conform, empty_register)
from .validate import PROBLEM_COLUMNS, empty_problems, validate_register

__all__ = [
    "AFP_NAMES", "BY_NAME", "COLUMN_NAMES", "COLUMNS", "Choice", "Column", "PERSONAL_COLUMNS",
    "PROBLEM_COLUMNS", "REQUIRED_COLUMNS", "RegisterError", "column", "conform",
    "empty_problems", "empty_register", "is_valid_ruc", "load_register", "mask_account", "mask_id",
    "mask_series", "mask_workers", "parse_dates", "parse_numbers", "rmv", "to_csv_bytes",
    "to_xlsx_bytes", "validate_employer", "validate_register",
]
