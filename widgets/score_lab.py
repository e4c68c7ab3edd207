"""The SCORE productivity lab (Indonesia), for notebooks: ``ScoreLab``.

The components live in the subpackage :mod:`widgets.score` (enterprise, SCORE modules,
results, sources), whose texts are in the ``score_lab`` translation domain.
"""
from .score import LANGUAGES, ScoreLab

__all__ = ["LANGUAGES", "ScoreLab"]
