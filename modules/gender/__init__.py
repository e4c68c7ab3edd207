"""Gender equality in the enterprise (SCORE gender module, Indonesia): pay gaps,
representation, training and promotion rates, a self-assessment on the six spheres, and the
cost of closing the unexplained pay gap. See MODEL.md. Translation domain: ``gender``."""
from .assessment import (ASSESSMENT_INPUTS, QUESTIONS, SPHERES, SelfAssessment, questions,
                         self_assessment, sphere_scores)
from .cost import (COST_INPUTS, closing_cost, closing_factor, closing_raises,
                   phase_in_shares)
from .paygap import (adjusted_gap, log_pay_regression, pay_gap, rates_by_sex,
                     representation, t_quantile, wilson_interval)
from .staff import (ROLE_LABELS, STAFF_COLUMN_NAMES, STAFF_COLUMNS, StaffError, check_staff,
                    conform_staff, empty_staff, level_label, load_staff, load_staff_case,
                    role_label, staff_case_studies, staff_cases)

__all__ = [
    "ASSESSMENT_INPUTS", "COST_INPUTS", "QUESTIONS", "ROLE_LABELS", "SPHERES", "STAFF_COLUMNS",
    "STAFF_COLUMN_NAMES", "SelfAssessment", "StaffError", "adjusted_gap", "check_staff",
    "closing_cost", "closing_factor", "closing_raises", "conform_staff", "empty_staff",
    "level_label", "load_staff", "load_staff_case", "log_pay_regression", "pay_gap",
    "phase_in_shares",
    "questions", "rates_by_sex", "representation", "role_label", "self_assessment",
    "sphere_scores", "staff_case_studies", "staff_cases", "t_quantile", "wilson_interval",
]
