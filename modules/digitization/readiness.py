"""Is the enterprise ready to pay wages digitally, responsibly? Scores and red flags.

The assessment is built on three frameworks (see /work/shared/domain/digital_wages.md):

* the nine UN Principles for Responsible Digital Payments (Better Than Cash Alliance, 2021,
  responsiblepayments.org): 1 treat users fairly; 2 funds protected and accessible;
  3 prioritize women; 4 safeguard client data; 5 design for individuals; 6 transparency,
  especially on pricing; 7 choice through interoperability; 8 clear, quick recourse;
  9 value-chain accountability;
* the ILO's five factors ("Designing digital wage payments for decent work", 2023): choice of
  digital payment means; accessibility and security of income and assets; transparency and
  privacy; fair opportunities and treatment; enabling conditions;
* Peru's Law 32413 and DS 011-2026-EF: the worker's free choice of bank or e-wallet (told to
  the employer within 10 working days), free of cost, in full and on time, an SBS-supervised
  and interoperable provider, a pay slip as proof.

How a score is computed
-----------------------
Each *criterion* (:data:`CRITERIA`) measures the share of workers -- or, for an enterprise
practice, 0 or 1 -- that meets it, e.g. "consent recorded" = digitally paid workers whose
consent is in the register / digitally paid workers. A criterion that cannot be measured
(no survey, nobody paid digitally, practice not answered) is left out. The score of a
principle (and of an ILO factor) is ``100 x`` the mean of its measured criteria; a principle
with no measured criterion has no score (NaN). ``overall`` is the mean of the principle
scores that exist. A red flag is raised for every criterion that is not fully met, with the
workers it concerns (register rows, never document or account numbers) and the actions that
clear it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from modules.i18n import N_, Translator, translator
from modules.register.schema import key, key_series

from .survey import DEFAULT_CASH_OUT_KM, _conform, _masks, classify

PROVIDERS_FILE = Path(__file__).resolve().parent / "supervised_providers.yaml"

#: women's readiness rate below this share of men's raises "women_left_behind".
#: illustrative: true (a 10 % gap; the UN principle 3 gives no number)
WOMEN_PARITY_MIN = 0.9

PRINCIPLES: dict[int, str] = {
    1: N_("Treat users fairly"),
    2: N_("Funds protected and accessible"),
    3: N_("Prioritize women"),
    4: N_("Safeguard client data"),
    5: N_("Design for individuals"),
    6: N_("Transparency, especially on pricing"),
    7: N_("Choice through interoperability"),
    8: N_("Clear, quick recourse"),
    9: N_("Value-chain accountability"),
}
FACTORS: dict[int, str] = {
    1: N_("Choice of digital payment means"),
    2: N_("Accessibility and security of income and assets"),
    3: N_("Transparency and privacy"),
    4: N_("Fair opportunities and treatment"),
    5: N_("Enabling conditions"),
}
LAW_OBLIGATIONS: dict[str, str] = {
    "free_choice": N_("The worker freely chooses the bank or e-wallet (told within 10 "
                      "working days)"),
    "free_of_cost": N_("Free of cost to the worker"),
    "full_on_time": N_("Paid in full and on time"),
    "supervised": N_("SBS-supervised and interoperable provider"),
    "payslip": N_("Pay slip as proof of payment"),
}
LAW_STATUS = {"met": N_("met"), "not_met": N_("not met"), "not_assessed": N_("not assessed")}

#: enterprise practices a participant may answer (True/False; None = not answered)
PRACTICES = ("payslip", "recourse", "data_protection", "paid_on_time", "payday_support")


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str  #: English msgid (may use {km})
    principles: tuple[int, ...]
    factors: tuple[int, ...]
    law: tuple[str, ...] = ()


CRITERIA: tuple[Criterion, ...] = (
    Criterion("free_of_cost", N_("no fees charged to workers"), (1, 6), (2, 3),
              ("free_of_cost",)),
    Criterion("consent", N_("consent recorded for workers paid by bank or e-wallet"), (1, 7),
              (1,), ("free_choice",)),
    Criterion("supervised", N_("provider supervised by the SBS"), (2, 7, 9), (2, 5),
              ("supervised",)),
    Criterion("cash_out", N_("cash-out point within {km} km"), (2, 5), (2, 5)),
    Criterion("phone", N_("workers with a mobile phone"), (5,), (4, 5)),
    Criterion("surveyed", N_("workers who answered the readiness survey"), (5, 3), (1, 4)),
    Criterion("women", N_("women as ready as men"), (3,), (4,)),
    Criterion("payslip", N_("pay slip delivered to every worker"), (6,), (3,), ("payslip",)),
    Criterion("recourse", N_("a channel to complain about a payment"), (8,), (3, 4)),
    Criterion("data_protection", N_("account numbers and PINs kept private"), (4,), (3,)),
    Criterion("paid_on_time", N_("wages paid in full on payday"), (1, 2), (2,),
              ("full_on_time",)),
    Criterion("payday_support", N_("support at cash-out points on payday"), (5, 2), (5,)),
)
_CRITERION = {c.code: c for c in CRITERIA}


@dataclass(frozen=True)
class Flag:
    code: str
    criterion: str
    severity: str  #: "high" (a Law 32413 obligation) or "medium"
    reason: str  #: English msgid; {n}, {rows}, {km}, {women}, {men} as needed
    actions: tuple[str, ...]
    plural: str | None = None  #: plural msgid of ``reason`` for flags that count workers


FLAGS: tuple[Flag, ...] = (
    Flag("fees_charged_to_workers", "free_of_cost", "high",
         N_("The scenario charges transfer or cash-out fees to workers: under Law 32413 being "
            "paid digitally must be free of cost for the worker."),
         (N_("Negotiate a payroll plan in which the employer pays every transfer fee."),
          N_("Choose a provider and cash-out points where workers withdraw their whole wage "
             "free of charge."),
          N_("Tell workers in writing that they pay nothing to receive or withdraw their "
             "wage."))),
    Flag("consent_missing", "consent", "high",
         N_("{n} worker is paid by bank or e-wallet without their consent recorded in the "
            "register (row {rows})."),
         (N_("Ask each of these workers which bank or e-wallet they choose, in writing, and "
             "record the choice and its date."),
          N_("Pay them in cash until they have chosen: imposing a provider is an infraction "
             "under Law 32413.")),
         N_("{n} workers are paid by bank or e-wallet without their consent recorded in the "
            "register (rows {rows}).")),
    Flag("provider_not_supervised", "supervised", "high",
         N_("{n} worker is paid through a provider that is not in the list of SBS-supervised "
            "banks, cajas and e-wallets, or no provider is recorded (row {rows})."),
         (N_("Check the provider in the SBS registry of supervised companies (sbs.gob.pe)."),
          N_("If it is not supervised, ask the worker to choose a supervised bank, caja or "
             "e-wallet such as Yape or Plin."),
          N_("Record the provider's name in the register.")),
         N_("{n} workers are paid through a provider that is not in the list of SBS-supervised "
            "banks, cajas and e-wallets, or no provider is recorded (rows {rows}).")),
    Flag("cash_out_far", "cash_out", "medium",
         N_("{n} worker lives or works more than {km} km from a cash-out point (row {rows})."),
         (N_("Ask the provider for an agent or a mobile ATM on site for the first paydays."),
          N_("Move these workers in the last wave, and keep cash for them until a cash-out "
             "point is within reach."),
          N_("Pay transport or time off to withdraw the wage if there is no closer point.")),
         N_("{n} workers live or work more than {km} km from a cash-out point (rows {rows}).")),
    Flag("no_phone", "phone", "medium",
         N_("{n} worker has no mobile phone of their own (row {rows})."),
         (N_("Offer a bank account with a debit card, which needs no phone."),
          N_("Do not use a shared phone or a supervisor's phone: PINs must stay private."),
          N_("Move these workers in the last wave, with one-to-one support.")),
         N_("{n} workers have no mobile phone of their own (rows {rows}).")),
    Flag("survey_missing", "surveyed", "medium",
         N_("{n} worker has not answered the readiness survey (row {rows})."),
         (N_("Run the readiness survey with every worker before choosing a provider."),
          N_("Ask about phone, account, distance to a cash-out point and the preferred way to "
             "be paid.")),
         N_("{n} workers have not answered the readiness survey (rows {rows}).")),
    Flag("women_left_behind", "women", "medium",
         N_("Fewer women than men are ready to be paid digitally ({women} of the surveyed "
            "women against {men} of the men)."),
         (N_("Include at least one woman in the task force and in the payday support team."),
          N_("Offer training and account opening at times and places that suit women "
             "workers."),
          N_("Explain that the account is in the worker's own name and that she alone "
             "chooses how to use it."))),
    Flag("no_payslip", "payslip", "high",
         N_("Workers do not receive a pay slip: under Law 32413 the pay slip is the proof of "
            "payment."),
         (N_("Give every worker a physical or digital pay slip on each payday."),)),
    Flag("no_recourse", "recourse", "medium",
         N_("There is no channel for workers to report a missing or wrong payment."),
         (N_("Name a person and a phone number to report payment problems, and answer "
             "within two working days."),
          N_("Give workers the provider's own complaint line (libro de reclamaciones)."))),
    Flag("data_not_protected", "data_protection", "medium",
         N_("Account numbers or PINs are not kept private."),
         (N_("Show account numbers masked in every list and never ask for a worker's PIN."),
          N_("Train workers not to share their PIN with agents, guards or supervisors."))),
    Flag("paid_late", "paid_on_time", "high",
         N_("Wages are not always paid in full on payday."),
         (N_("Send transfers in the morning of payday and check that every worker received "
             "the full amount."),)),
    Flag("no_payday_support", "payday_support", "medium",
         N_("Nobody helps workers at cash-out points on payday."),
         (N_("Plan two HR or admin staff per 2,000 workers at cash-out points on payday, at "
             "least one of them a woman."),
          N_("Confirm with the provider that agents have enough cash on payday."))),
)
_FLAG = {f.code: f for f in FLAGS}

MSG_MORE_ROWS = N_("{rows} and {n} more")
MSG_NOT_ASSESSED = N_("not assessed")
MSG_NO_DATA_HINT = N_("not assessed: answer the survey or the practices checklist")


@dataclass
class Readiness:
    """Result of :func:`assess`.

    ``scores``: DataFrame(principle 1..9, name, score 0-100 or NaN, basis);
    ``flags``: DataFrame(code, principles, severity, workers, rows, reason, actions);
    ``overall``: mean of the principle scores that exist (NaN if none);
    ``factors``: DataFrame(factor 1..5, name, score); ``law``: DataFrame(obligation, name,
    status, status_label); ``criteria``: DataFrame(criterion, label, share);
    ``classification``: :func:`classify` of the survey rows of the register's workers (or None).
    """

    scores: pd.DataFrame
    flags: pd.DataFrame
    overall: float
    factors: pd.DataFrame = field(default_factory=pd.DataFrame)
    law: pd.DataFrame = field(default_factory=pd.DataFrame)
    criteria: pd.DataFrame = field(default_factory=pd.DataFrame)
    classification: pd.DataFrame | None = None
    lang: str = "es"

    def flag_codes(self) -> list[str]:
        return list(self.flags["code"])


# --- providers ---------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def load_providers(path: str | None = None) -> pd.DataFrame:
    """The supervised providers: DataFrame(name, type, illustrative, keys)."""
    with open(path or PROVIDERS_FILE, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    rows = []
    for p in data["providers"]:
        keys = tuple(sorted({key(n) for n in (p["name"], *p.get("aliases", ())) if key(n)}))
        rows.append({"name": p["name"], "type": p["type"],
                     "illustrative": bool(p.get("illustrative", False)), "keys": keys})
    return pd.DataFrame(rows)


def _supervised_keys(providers) -> set[str]:
    if providers is None:
        frame = load_providers()
        return {k for keys in frame["keys"] for k in keys}
    return {key(p) for p in providers if key(p)}


# --- helpers ------------------------------------------------------------------------------------

def _rows_text(rows: pd.Index, t: Translator, limit: int = 12) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    if len(rows) > limit:
        return t(MSG_MORE_ROWS, rows=shown, n=len(rows) - limit)
    return shown


def _share(ok: pd.Series, among: pd.Series) -> float:
    among = among.fillna(False).astype(bool)
    n = int(among.sum())
    return float((ok.fillna(False).astype(bool) & among).sum() / n) if n else np.nan


def _percent(value: float, t: Translator) -> str:
    return f"{t.number(round(100 * value), 0)} %"


def assess(workers: pd.DataFrame, survey: pd.DataFrame | None = None, lang: str | None = None,
           fees_charged_to_workers: bool = False,
           cash_out_km_limit: float = DEFAULT_CASH_OUT_KM,
           practices: dict | None = None, providers=None) -> Readiness:
    """Readiness of an enterprise to pay wages digitally (see the module doc for the method).

    ``workers``: the register (canonical columns, index = register rows). ``survey``: the
    readiness survey (:mod:`.survey`), matched on ``worker_id``; survey rows of codes not in the
    register are ignored. ``fees_charged_to_workers``: the scenario charges transfer or cash-out
    fees to workers. ``practices``: optional answers {name: bool} for :data:`PRACTICES`.
    ``providers``: names of supervised providers (default: ``supervised_providers.yaml``).
    """
    t = translator(lang)
    practices = dict(practices or {})
    unknown = set(practices) - set(PRACTICES)
    if unknown:
        raise ValueError(f"assess: unknown practices {sorted(unknown)}; use {PRACTICES}")
    index = workers.index
    method = workers["payment_method"].astype("str")
    digital = method.isin(["bank", "ewallet"])
    consent = workers["digital_consent"].fillna(False).astype(bool)
    provider_keys = key_series(workers["payment_provider"].astype("str"))
    supervised = provider_keys.isin(_supervised_keys(providers))

    # survey answers of the register's workers, in register order (first answer per code)
    classification = None
    surveyed = pd.Series(False, index=index)
    bad: dict[str, pd.Series] = {c: pd.Series(False, index=index) for c in ("far", "no_phone")}
    answered = pd.Series(False, index=index)
    near_known = pd.Series(False, index=index)
    if survey is not None and len(survey):
        s = _conform(survey)
        s = s[s["worker_id"].notna()].drop_duplicates("worker_id", keep="first")
    if survey is not None and len(survey) and len(s):
        pos = pd.Index(s["worker_id"]).get_indexer(workers["worker_id"].astype("str"))
        found = pos >= 0
        aligned = s.iloc[np.where(found, pos, 0)].set_axis(index)
        aligned = aligned[found]
        surveyed = pd.Series(found, index=index)
        m = _masks(aligned, cash_out_km_limit)
        bad["far"] = m["far"].reindex(index, fill_value=False)
        bad["no_phone"] = m["no_phone"].reindex(index, fill_value=False)
        answered = surveyed
        near_known = (~m["distance_unknown"]).reindex(index, fill_value=False)
        classification = classify(aligned, lang=t.lang, cash_out_km_limit=cash_out_km_limit)
    has_survey = bool(surveyed.any())

    # --- criteria: share meeting each (NaN = not measured) ----------------------------------
    everyone = pd.Series(True, index=index)
    shares = {
        "free_of_cost": 0.0 if fees_charged_to_workers else 1.0,
        "consent": _share(consent, digital),
        "supervised": _share(supervised, digital),
        "cash_out": _share(~bad["far"], near_known) if has_survey else np.nan,
        "phone": _share(~bad["no_phone"], answered) if has_survey else np.nan,
        "surveyed": _share(surveyed, everyone),
        "women": np.nan,
    }
    women_rates = (np.nan, np.nan)
    if classification is not None and "sex" in workers.columns:
        sex = workers.loc[classification.index, "sex"].astype("str")
        ready = classification["status"] == "ready"
        rate_f = ready[sex == "F"].mean() if (sex == "F").any() else np.nan
        rate_m = ready[sex == "M"].mean() if (sex == "M").any() else np.nan
        women_rates = (rate_f, rate_m)
        if not (np.isnan(rate_f) or np.isnan(rate_m)):
            shares["women"] = 1.0 if rate_m == 0 else float(min(1.0, rate_f / rate_m))
    for name in PRACTICES:
        answer = practices.get(name)
        shares[name] = np.nan if answer is None else float(bool(answer))

    # --- flags ---------------------------------------------------------------------------
    worker_masks = {
        "consent_missing": digital & ~consent,
        "provider_not_supervised": digital & ~supervised,
        "cash_out_far": bad["far"],
        "no_phone": bad["no_phone"],
        "survey_missing": ~surveyed,
    }
    practice_flags = {"no_payslip": "payslip", "no_recourse": "recourse",
                      "data_not_protected": "data_protection", "paid_late": "paid_on_time",
                      "no_payday_support": "payday_support"}
    km = t.number(cash_out_km_limit)
    records = []
    for flag in FLAGS:
        rows = pd.Index([])
        if flag.code == "fees_charged_to_workers":
            raised = fees_charged_to_workers
        elif flag.code in worker_masks:
            mask = worker_masks[flag.code].fillna(False).astype(bool)
            rows = index[mask.to_numpy()]
            raised = len(rows) > 0
        elif flag.code == "women_left_behind":
            raised = shares["women"] < WOMEN_PARITY_MIN
        else:
            raised = shares[practice_flags[flag.code]] == 0.0
        if not raised:
            continue
        crit = _CRITERION[flag.criterion]
        params = {"rows": _rows_text(rows, t), "km": km}
        if flag.code == "women_left_behind":
            params.update(women=_percent(women_rates[0], t), men=_percent(women_rates[1], t))
        if flag.plural:
            reason = t.ngettext(flag.reason, flag.plural, len(rows), **params)
        else:
            reason = t(flag.reason, **params)
        records.append({
            "code": flag.code,
            "principles": ", ".join(str(p) for p in crit.principles),
            "severity": flag.severity,
            "workers": int(len(rows)),
            "rows": ", ".join(str(r) for r in rows),
            "reason": reason,
            "actions": "\n".join(t(a) for a in flag.actions),
        })
    flags = pd.DataFrame(records, columns=["code", "principles", "severity", "workers", "rows",
                                           "reason", "actions"])
    flags = flags.astype({"code": "str", "principles": "str", "severity": "str",
                          "workers": "int64", "rows": "str", "reason": "str",
                          "actions": "str"})

    # --- scores --------------------------------------------------------------------------
    crit_frame = pd.DataFrame({
        "criterion": [c.code for c in CRITERIA],
        "label": [t(c.label, km=km) if "{km}" in c.label else t(c.label) for c in CRITERIA],
        "share": [shares[c.code] for c in CRITERIA],
    })

    def _scores(groups: dict[int, str], attr: str, col: str) -> pd.DataFrame:
        out = []
        for number, msgid in groups.items():
            linked = [c for c in CRITERIA if number in getattr(c, attr)]
            measured = [(c, shares[c.code]) for c in linked if not np.isnan(shares[c.code])]
            score = (100.0 * float(np.mean([v for _, v in measured]))) if measured else np.nan
            basis = "; ".join(f"{crit_frame.set_index('criterion').at[c.code, 'label']} "
                              f"{_percent(v, t)}" for c, v in measured)
            out.append({col: number, "name": t(msgid),
                        "score": round(score, 1) if measured else np.nan,
                        "basis": basis or t(MSG_NO_DATA_HINT)})
        return pd.DataFrame(out).astype({col: "int64", "name": "str", "score": "float64",
                                         "basis": "str"})

    scores = _scores(PRINCIPLES, "principles", "principle")
    factors = _scores(FACTORS, "factors", "factor")
    overall = float(round(scores["score"].mean(), 1)) if scores["score"].notna().any() \
        else np.nan

    law_rows = []
    for code, msgid in LAW_OBLIGATIONS.items():
        values = [shares[c.code] for c in CRITERIA if code in c.law
                  and not np.isnan(shares[c.code])]
        status = "not_assessed" if not values else ("met" if min(values) >= 1.0 else "not_met")
        law_rows.append({"obligation": code, "name": t(msgid), "status": status,
                         "status_label": t(LAW_STATUS[status])})
    law = pd.DataFrame(law_rows).astype("str")
    return Readiness(scores=scores, flags=flags, overall=overall, factors=factors, law=law,
                     criteria=crit_frame, classification=classification, lang=t.lang)


__all__ = ["CRITERIA", "FACTORS", "FLAGS", "LAW_OBLIGATIONS", "PRACTICES", "PRINCIPLES",
           "Readiness", "WOMEN_PARITY_MIN", "assess", "load_providers"]
