"""The SCORE productivity lab (Indonesia): enterprise -> SCORE modules -> results -> sources.

Its participant texts are in the ``score_lab`` translation domain
(``modules/locale/*/LC_MESSAGES/score_lab.po``); the model's labels (inputs, KPIs, modules)
come from the ``productivity`` domain.

    from widgets.score_lab import ScoreLab
    lab = ScoreLab("id", case_id="id_jakarta_garment")
"""
from .lab import LANGUAGES, ScoreLab

__all__ = ["LANGUAGES", "ScoreLab"]
