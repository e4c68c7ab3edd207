"""Self-assessment on SCORE's six gender-equality spheres (ILO WCMS_767662, WCMS_820636).

Managers and worker representatives answer each question on a 0-3 scale (0: not in place,
1: started, 2: mostly in place, 3: fully in place). A sphere's score is the average of its
answers as a percentage of the maximum; the overall score is the average of the six spheres
(each sphere weighs the same). A sphere below :data:`WEAK_BELOW` is weak: its questions
answered below 2 give the action list, weakest sphere first.

The questions and actions are training prompts written for this lab from the six spheres'
descriptions (illustrative: true), not an ILO questionnaire.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from modules.i18n import N_, translator
from modules.inputs import InputSet, InputSpec

#: a sphere scoring below this (percent) is weak (illustrative: true)
WEAK_BELOW = 50.0
#: answers below this call for the question's action
ACTION_BELOW = 2
SCALE_MAX = 3
SCALE = {0: N_("not in place"), 1: N_("started"), 2: N_("mostly in place"),
         3: N_("fully in place")}
SOURCE = "ILO SCORE gender equality module (WCMS_767662, WCMS_820636)"

SPHERES = {
    "voice": N_("Voice and representation"),
    "hiring": N_("Inclusive hiring"),
    "pay": N_("Equal pay"),
    "climate": N_("Work climate free of harassment"),
    "osh": N_("Safety and health for women and men"),
    "balance": N_("Work-life balance"),
}


@dataclass(frozen=True)
class Question:
    code: str
    sphere: str
    text: str  #: English msgid
    action: str  #: English msgid: what to do when the answer is below 2


QUESTIONS: tuple[Question, ...] = (
    Question("voice_committee", "voice",
             N_("Women sit on the worker-management committee in proportion to their share of "
                "the workforce."),
             N_("Invite women to stand for the worker-management committee until their seats "
                "match their share of the workforce.")),
    Question("voice_raise", "voice",
             N_("Women raise suggestions and complaints as often as men, and get answers."),
             N_("Open a channel for suggestions that women use (a box, a women's meeting) and "
                "answer every suggestion.")),
    Question("voice_leaders", "voice",
             N_("Women are team leaders or supervisors."),
             N_("Set a target for women team leaders and coach candidates.")),
    Question("hiring_ads", "hiring",
             N_("Job adverts describe the work, not the sex, age or marital status wanted."),
             N_("Rewrite job adverts without sex, age or marital status and post them where "
                "women look for work.")),
    Question("hiring_panel", "hiring",
             N_("Interviews use the same questions for every candidate, with women on the panel."),
             N_("Use one list of interview questions for all candidates and put a woman on each "
                "panel.")),
    Question("hiring_pregnancy", "hiring",
             N_("No candidate is asked about pregnancy or children."),
             N_("Stop asking candidates about pregnancy or children and tell every interviewer.")),
    Question("pay_evaluation", "pay",
             N_("Jobs are graded by a written, gender-neutral job evaluation."),
             N_("Grade jobs with a gender-neutral job evaluation (skills, effort, responsibility, "
                "conditions).")),
    Question("pay_review", "pay",
             N_("Women's and men's pay in the same grade is compared every year."),
             N_("Compare women's and men's pay grade by grade once a year and correct the "
                "differences.")),
    Question("pay_rules", "pay",
             N_("Bonuses and allowances follow written rules known to every worker."),
             N_("Write down the rules for bonuses and allowances and show them to every worker.")),
    Question("climate_policy", "climate",
             N_("A written policy forbids sexual harassment and says what happens to offenders."),
             N_("Adopt a written policy against sexual harassment and explain it in a staff "
                "meeting.")),
    Question("climate_report", "climate",
             N_("Workers can report harassment safely to someone other than their supervisor."),
             N_("Name a trusted woman and man outside the line of supervisors to receive "
                "complaints in confidence.")),
    Question("climate_training", "climate",
             N_("Supervisors have been trained to prevent and handle harassment."),
             N_("Train every supervisor to prevent and handle harassment.")),
    Question("osh_equipment", "osh",
             N_("Protective equipment fits women as well as men."),
             N_("Buy protective equipment in sizes that fit women.")),
    Question("osh_maternity", "osh",
             N_("Pregnant and breastfeeding workers are moved away from hazards without "
                "losing pay."),
             N_("Map the hazards for pregnant and breastfeeding workers and offer safe tasks "
                "with the same pay.")),
    Question("osh_facilities", "osh",
             N_("There are separate, clean toilets and a place to rest for women."),
             N_("Provide separate clean toilets and a rest or breastfeeding room.")),
    Question("balance_hours", "balance",
             N_("Overtime is announced in advance and can be refused for family reasons."),
             N_("Announce overtime a day ahead and let workers refuse it for family reasons.")),
    Question("balance_leave", "balance",
             N_("Maternity and paternity leave are granted in full and workers come back to "
                "their job."),
             N_("Grant maternity and paternity leave in full and keep the job open for the "
                "return.")),
    Question("balance_childcare", "balance",
             N_("Workers with children get help with childcare or flexible shifts."),
             N_("Offer shift swaps or support with childcare for workers with young children.")),
)
_BY_CODE = {q.code: q for q in QUESTIONS}

#: the declared inputs (answers), one per question, validated like every model input
ASSESSMENT_INPUTS = InputSet([
    InputSpec(q.code, N_("0-3"), 0, 0, SCALE_MAX, 1, q.text,
              N_("0: not in place, 1: started, 2: mostly in place, 3: fully in place."),
              source=SOURCE, illustrative=True, group=SPHERES[q.sphere])
    for q in QUESTIONS
])


def questions(lang: str | None = None) -> pd.DataFrame:
    """The declared questions: ``code``, ``sphere``, ``sphere_label``, ``question``
    (translated), ``msgid`` (English), in the order they are asked."""
    t = translator(lang)
    return pd.DataFrame({
        "code": [q.code for q in QUESTIONS],
        "sphere": [q.sphere for q in QUESTIONS],
        "sphere_label": [t(SPHERES[q.sphere]) for q in QUESTIONS],
        "question": [t(q.text) for q in QUESTIONS],
        "msgid": [q.text for q in QUESTIONS],
    })


def sphere_scores(answers: pd.DataFrame) -> pd.DataFrame:
    """Scores (percent) of many assessments at once: one row per assessment (columns =
    question codes, 0-3; missing columns count as 0) -> columns = the six spheres and
    ``overall``. Vectorised over rows."""
    codes = [q.code for q in QUESTIONS]
    values = answers.reindex(columns=codes).fillna(0).to_numpy(dtype=float)
    spheres = list(SPHERES)
    membership = np.array([[q.sphere == s for s in spheres] for q in QUESTIONS], dtype=float)
    scores = 100 * (values @ membership) / (membership.sum(axis=0) * SCALE_MAX)
    out = pd.DataFrame(scores, columns=spheres, index=answers.index)
    out["overall"] = out[spheres].mean(axis=1)
    return out


@dataclass(frozen=True)
class SelfAssessment:
    answers: pd.DataFrame  #: code, sphere, question, answer, answer_label
    spheres: pd.DataFrame  #: index sphere code: label, score_pct, weak
    overall: float  #: percent
    actions: pd.DataFrame  #: sphere, sphere_label, code, action (translated), answer


def self_assessment(answers, lang: str | None = None) -> SelfAssessment:
    """Score one enterprise's answers (``{question code: 0..3}``; unanswered = 0).

    Raises :class:`modules.inputs.InputError` (message in ``lang``) for an unknown code or an
    answer outside 0-3. Returns :class:`SelfAssessment`: the answered questions, a score per
    sphere and overall (percent), and the translated action list for the weak spheres.
    """
    t = translator(lang)
    values = ASSESSMENT_INPUTS.validate(dict(answers or {}), lang)
    row = pd.DataFrame([values])
    scores = sphere_scores(row).iloc[0]
    spheres = pd.DataFrame({
        "label": [t(SPHERES[s]) for s in SPHERES],
        "score_pct": [float(scores[s]) for s in SPHERES],
    }, index=pd.Index(list(SPHERES), name="sphere"))
    spheres["weak"] = spheres["score_pct"] < WEAK_BELOW
    table = questions(lang).drop(columns="msgid")
    table["answer"] = [values[c] for c in table["code"]]
    table["answer_label"] = [t(SCALE[v]) for v in table["answer"]]
    weak = table["sphere"].map(spheres["weak"]).astype(bool)
    todo = table[weak & (table["answer"] < ACTION_BELOW)].copy()
    todo["score_pct"] = todo["sphere"].map(spheres["score_pct"])
    todo["order"] = np.arange(len(todo))
    todo = todo.sort_values(["score_pct", "order"], kind="stable")
    actions = pd.DataFrame({
        "sphere": todo["sphere"].to_numpy(),
        "sphere_label": todo["sphere_label"].to_numpy(),
        "code": todo["code"].to_numpy(),
        "action": [t(_BY_CODE[c].action) for c in todo["code"]],
        "answer": todo["answer"].to_numpy(),
    })
    return SelfAssessment(table, spheres, float(scores["overall"]), actions)
