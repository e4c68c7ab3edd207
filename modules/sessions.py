"""Workshop sessions: a trainer opens a session, participants join it with its code and a
nickname, their work in every lab is saved as they go, and the room's results and feedback
come back to the trainer.

Everything lives in the embedded store (``modules.store``: SQLite under ``var/``)::

    sessions/<code>                     the session (name, date, place, language, labs,
                                        case studies, adapted parameters, trainer code)
    trainers/<trainer code>             -> the session code
    participants/<code>/<key>           nickname, time joined
    work/<code>/<key>/<lab>             the participant's state in one lab, its version, the
                                        step reached and the key results for the dashboard
    feedback/<code>/<lab>/<id>          rating, what was unclear, suggestions (anonymous)

Who may see what: the session code lets a participant join; each participant gets a secret
personal ``key`` (their work is addressed by it, so nobody reaches another's work without
it); the trainer code (a different secret) opens the dashboard, the feedback and the
session's settings. Two tabs of one participant write the same document: the last write wins
and the tab that is overwritten is told so on its next save (versions).

    ws = Workshop()
    s = ws.create_session("Taller Cusco", "2026-11-23", "Cusco", "es", ["cash_to_digital"])
    me = ws.join(s.code, "Rosa")
    ws.save(me, "cash_to_digital", {"inputs": {...}}, step=2, steps=4,
            results={"break_even_month": 7})
    ws.dashboard(s.trainer_code)
"""
from __future__ import annotations

import json
import re
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from importlib import import_module
from typing import Any, Mapping

import pandas as pd

from .codes import new_code, normalize_code
from .i18n import N_, normalize_lang, translator
from .inputs import InputSet
from .store import Store

FORMAT = "decent-work-lab/work"
FORMAT_VERSION = 1
MAX_NICKNAME = 30
MAX_TEXT = 2000

#: the labs a session can use (notebook names without .ipynb) and the declared inputs a
#: trainer may adapt for a session (module:attribute, imported only when needed)
LABS: dict[str, str | None] = {
    "payroll_digital": None,
    "cash_to_digital": "modules.digitization:BUSINESS_INPUTS",
    "score_productivity": "modules.productivity:PRODUCTIVITY_INPUTS",
    "gender_equality": "modules.gender:COST_INPUTS",
    "microinsurance_viability": "modules.microinsurance:PRODUCT_INPUTS",
}
LAB_TITLES = {
    "payroll_digital": N_("Digital payroll and pay slips"),
    "cash_to_digital": N_("Cash or digital wages: costs, savings and a responsible plan"),
    "score_productivity": N_("SCORE productivity: what better workplaces earn"),
    "gender_equality": N_("Gender equality at work: pay gap, self-assessment and what closing the gap costs"),
    "microinsurance_viability": N_("Micro-insurance for dockers: affordable and viable?"),
}

#: labels of the key results labs report for the dashboard (a lab's ``results`` keys)
RESULT_LABELS: dict[str, str] = {
    "workers": N_("Workers"),
    "net_pay_total": N_("Total net pay"),
    "employer_cost_total": N_("Employer's total cost"),
    "break_even_month": N_("Break-even month"),
    "npv": N_("Net present value"),
    "readiness_score": N_("Readiness score (%)"),
    "productivity_change": N_("Productivity gain (%)"),
    "payback_month": N_("Payback month"),
    "roi": N_("Return on the training (%)"),
    "raw_gap_pct": N_("Raw pay gap (%)"),
    "adjusted_gap_pct": N_("Adjusted pay gap (%)"),
    "assessment_score": N_("Self-assessment score (%)"),
    "closing_cost_month": N_("Monthly cost of closing the gap"),
    "ruin_probability": N_("Probability of ruin (%)"),
    "premium_share_income": N_("Premium as a share of income (%)"),
    "claims_ratio": N_("Claims ratio (%)"),
}

MSG_BAD_CODE = N_("A session code has 6 letters or digits, like K7P-4QX. Please check it.")
MSG_UNKNOWN_SESSION = N_("There is no workshop session with the code {code}. Please check it "
                         "with your trainer.")
MSG_BAD_TRAINER_CODE = N_("This is not a trainer code of any session. A trainer code has 9 "
                          "letters or digits, like K7P-4QX-MR2.")
MSG_NO_NICKNAME = N_("Please write a nickname (up to {max} characters) so that your trainer "
                     "knows who joined.")
MSG_LONG_NICKNAME = N_("A nickname has at most {max} characters.")
MSG_BAD_PERSONAL_CODE = N_("This personal code does not belong to this session. Please check it, "
                           "or join again with your nickname.")
MSG_NO_NAME = N_("Give the session a name, e.g. the place and the date.")
MSG_BAD_DATE = N_("Write the date as YYYY-MM-DD, e.g. 2026-11-23.")
MSG_BAD_LANGUAGE = N_("The session's language must be one of {languages}.")
MSG_NO_LABS = N_("Choose at least one lab for the session.")
MSG_UNKNOWN_LAB = N_("There is no lab {lab}.")
MSG_NOT_ADAPTABLE = N_("The lab {lab} has no parameters to adapt.")
MSG_BAD_RATING = N_("Give a rating from 1 (not useful) to 5 (very useful).")
MSG_LONG_TEXT = N_("Please keep it under {max} characters.")
MSG_NOT_A_WORK_FILE = N_("This file is not a work file of Decent Work Lab. Download your work "
                         "with the lab's button and load that file.")
MSG_OTHER_LAB_FILE = N_("This work file belongs to another lab ({lab}). Open that lab to load it.")
MSG_NEWER_FILE = N_("This work file was made by a newer version of Decent Work Lab. Ask your "
                    "trainer to update the lab.")
MSG_OLDER_FILE = N_("This file was saved on {file_time}, before your latest work in this lab "
                    "({saved_time}). The file's work now replaces it.")


class SessionError(ValueError):
    """A participant's or trainer's mistake (bad code, empty nickname...), translated.
    ``field``: what caused it (``code``, ``nickname``, ``trainer_code``, ``file``...)."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class WorkshopSession:
    code: str
    trainer_code: str
    name: str
    date: str
    place: str
    lang: str
    labs: tuple[str, ...]
    case_ids: dict = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)
    created_at: str = ""

    def parameters_for(self, lab: str) -> dict:
        """The inputs the trainer adapted for ``lab`` (``{}``: the model's defaults)."""
        return dict(self.parameters.get(lab) or {})

    def public(self) -> dict:
        """What a participant's lab may know of the session (no trainer code)."""
        out = asdict(self)
        out.pop("trainer_code")
        return out


@dataclass(frozen=True)
class Participant:
    session: str
    key: str
    nickname: str
    joined_at: str = ""


@dataclass(frozen=True)
class SavedState:
    """One participant's state in one lab. ``replaced_other_tab``: this save overwrote a
    newer save made from another tab (last write wins, and the participant is told)."""

    state: Any
    version: int
    saved_at: str
    tab: str = ""
    step: int = 0
    steps: int = 0
    results: dict = field(default_factory=dict)
    replaced_other_tab: bool = False
    note: str = ""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _clean_text(value: Any, multiline: bool = False) -> str:
    """Text without control characters; one line unless ``multiline`` (keeps line breaks)."""
    text = str(value or "")
    if multiline:
        return re.sub(r"[\x00-\x09\x0b-\x1f\x7f]", " ", text).strip()
    return re.sub(r"\s+", " ", re.sub(r"[\x00-\x1f\x7f]", " ", text)).strip()


def adaptable_inputs(lab: str) -> InputSet | None:
    """The declared inputs a trainer may adapt for ``lab`` (``None`` if none)."""
    target = LABS[lab]
    if target is None:
        return None
    module, attribute = target.split(":")
    return getattr(import_module(module), attribute)


def validate_parameters(lab: str, values: Mapping[str, Any], lang: str | None = None) -> dict:
    """Check a trainer's adapted inputs for ``lab`` against the model's declaration; returns
    only the inputs given, validated. Raises :class:`InputError` (messages per input)."""
    t = translator(lang)
    if lab not in LABS:
        raise SessionError(t(MSG_UNKNOWN_LAB, lab=lab), "labs")
    if not values:
        return {}
    inputs = adaptable_inputs(lab)
    if inputs is None:
        raise SessionError(t(MSG_NOT_ADAPTABLE, lab=lab), "parameters")
    checked = inputs.validate(dict(values), lang)
    return {name: checked[name] for name in values}


class Workshop:
    """Sessions, participants, their work and feedback, over one :class:`Store`."""

    def __init__(self, store: Store | None = None):
        self._store = store

    @property
    def store(self) -> Store:
        if self._store is None:  # the SQLite file is created on first use
            self._store = Store()
        return self._store

    # ------------------------------------------------------------------ sessions
    def create_session(self, name: str, date_: Any, place: str = "", lang: str = "es",
                       labs: tuple[str, ...] | list[str] = (), case_ids: Mapping[str, str] | None = None,
                       parameters: Mapping[str, Mapping[str, Any]] | None = None,
                       ui_lang: str | None = None) -> WorkshopSession:
        """Open a session; returns it with its participant code and its trainer code.
        Messages (``SessionError``/``InputError``) are in ``ui_lang`` (default: ``lang``)."""
        fields = self._checked_fields(name, date_, place, lang, labs, case_ids, parameters,
                                      ui_lang or lang)
        while True:
            code = new_code()
            if self.store.load("sessions", code) is None:
                break
        while True:
            trainer_code = new_code(groups=3)
            if self.store.load("trainers", trainer_code) is None:
                break
        session = WorkshopSession(code=code, trainer_code=trainer_code, created_at=_now(), **fields)
        self.store.save("sessions", code, self._to_doc(session))
        self.store.save("trainers", trainer_code, {"session": code})
        return session

    def update_session(self, trainer_code: str, lang: str | None = None, **changes) -> WorkshopSession:
        """Change a session's name, date, place, language, labs, case studies or parameters."""
        session = self.session_for_trainer(trainer_code, lang)
        current = {k: getattr(session, k) for k in ("name", "date", "place", "lang", "labs",
                                                    "case_ids", "parameters")}
        current.update({("date" if k == "date_" else k): v for k, v in changes.items()})
        fields = self._checked_fields(current["name"], current["date"], current["place"],
                                      current["lang"], current["labs"], current["case_ids"],
                                      current["parameters"], lang or session.lang)
        updated = WorkshopSession(code=session.code, trainer_code=session.trainer_code,
                                  created_at=session.created_at, **fields)
        self.store.save("sessions", session.code, self._to_doc(updated))
        return updated

    def _checked_fields(self, name, date_, place, lang, labs, case_ids, parameters, ui_lang) -> dict:
        t = translator(ui_lang)
        name = _clean_text(name)
        if not name:
            raise SessionError(t(MSG_NO_NAME), "name")
        try:
            day = date_ if isinstance(date_, date) else date.fromisoformat(str(date_).strip())
        except ValueError:
            raise SessionError(t(MSG_BAD_DATE), "date") from None
        code = str(lang or "").strip().lower()
        from .config import SUPPORTED_LANGUAGES
        if code not in SUPPORTED_LANGUAGES:
            raise SessionError(t(MSG_BAD_LANGUAGE, languages=", ".join(SUPPORTED_LANGUAGES)), "lang")
        labs = tuple(dict.fromkeys(labs or ()))
        if not labs:
            raise SessionError(t(MSG_NO_LABS), "labs")
        for lab in labs:
            if lab not in LABS:
                raise SessionError(t(MSG_UNKNOWN_LAB, lab=lab), "labs")
        params = {lab: validate_parameters(lab, values, ui_lang)
                  for lab, values in (parameters or {}).items() if values}
        cases = {lab: str(case) for lab, case in (case_ids or {}).items() if case}
        return {"name": name, "date": day.isoformat(), "place": _clean_text(place),
                "lang": code, "labs": labs, "case_ids": cases, "parameters": params}

    @staticmethod
    def _to_doc(session: WorkshopSession) -> dict:
        doc = asdict(session)
        doc["labs"] = list(session.labs)
        return doc

    @staticmethod
    def _from_doc(doc: dict) -> WorkshopSession:
        return WorkshopSession(**{**doc, "labs": tuple(doc.get("labs") or ())})

    def session(self, code: str, lang: str | None = None) -> WorkshopSession:
        """The session with this participant code; a translated :class:`SessionError` for a
        malformed or unknown code."""
        t = translator(lang)
        normal = normalize_code(code)
        if normal is None:
            raise SessionError(t(MSG_BAD_CODE), "code")
        doc = self.store.load("sessions", normal)
        if doc is None:
            raise SessionError(t(MSG_UNKNOWN_SESSION, code=normal), "code")
        return self._from_doc(doc)

    def session_for_trainer(self, trainer_code: str, lang: str | None = None) -> WorkshopSession:
        t = translator(lang)
        normal = normalize_code(trainer_code, groups=3)
        link = self.store.load("trainers", normal) if normal else None
        if link is None:
            raise SessionError(t(MSG_BAD_TRAINER_CODE), "trainer_code")
        return self._from_doc(self.store.load("sessions", link["session"]))

    # ------------------------------------------------------------------ participants
    def join(self, code: str, nickname: str, lang: str | None = None) -> Participant:
        """A participant joins: returns their personal ``key`` (secret; it addresses their work)."""
        t = translator(lang)
        session = self.session(code, lang)
        nick = _clean_text(nickname)
        if not nick:
            raise SessionError(t(MSG_NO_NICKNAME, max=MAX_NICKNAME), "nickname")
        if len(nick) > MAX_NICKNAME:
            raise SessionError(t(MSG_LONG_NICKNAME, max=MAX_NICKNAME), "nickname")
        while True:
            key = new_code()
            if self.store.load("participants", f"{session.code}/{key}") is None:
                break
        participant = Participant(session.code, key, nick, _now())
        # the n-th participant to join (atomic across kernels): their label P<n> on the dashboard
        counter, _ = self.store.update("counters", f"{session.code}/participants",
                                       lambda old: {"n": (old or {"n": 0})["n"] + 1})
        self.store.save("participants", f"{session.code}/{key}",
                        {"nickname": nick, "joined_at": participant.joined_at, "seq": counter["n"]})
        return participant

    def _people(self, session: WorkshopSession) -> list[tuple[str, dict]]:
        """``[(personal key, participant doc), ...]`` in the order they joined."""
        people = self.store.items("participants", f"{session.code}/")
        people.sort(key=lambda p: (p[1].get("seq", 0), p[1].get("joined_at", "")))
        return [(key.split("/", 1)[1], doc) for key, doc, _u in people]

    def participant(self, code: str, key: str, lang: str | None = None) -> Participant:
        """Back in the session with the personal code (after a refresh, on another day)."""
        t = translator(lang)
        session = self.session(code, lang)
        normal = normalize_code(key)
        doc = self.store.load("participants", f"{session.code}/{normal}") if normal else None
        if doc is None:
            raise SessionError(t(MSG_BAD_PERSONAL_CODE), "key")
        return Participant(session.code, normal, doc["nickname"], doc.get("joined_at", ""))

    # ------------------------------------------------------------------ work
    @staticmethod
    def _work_key(participant: Participant, lab: str) -> str:
        if lab not in LABS:
            raise ValueError(f"unknown lab {lab!r}")
        return f"{participant.session}/{participant.key}/{lab}"

    def save(self, participant: Participant, lab: str, state: Any, *, step: int | None = None,
             steps: int | None = None, results: Mapping[str, Any] | None = None, tab: str = "",
             base_version: int | None = None) -> SavedState:
        """Save ``state`` (JSON-able) as the participant's latest work in ``lab``.

        ``tab`` names the browser tab (kernel) saving and ``base_version`` the version it last
        saw: when another tab saved since, this save still wins (last write wins) and the
        result says ``replaced_other_tab`` so the lab can tell the participant. ``step`` (the
        furthest step reached, kept as a maximum), ``steps`` and ``results`` feed the dashboard.
        """
        info: dict = {}

        def change(old):
            old = old or {}
            version = int(old.get("version", 0))
            info["replaced"] = bool(old) and base_version is not None and version != base_version \
                and old.get("tab") != tab
            clean = {k: (None if isinstance(v, float) and v != v else v)
                     for k, v in dict(results if results is not None else old.get("results") or {}).items()}
            return {
                "version": version + 1, "tab": tab, "saved_at": _now(), "state": state,
                "step": max(int(old.get("step", 0)), int(step or 0)),
                "steps": int(steps if steps is not None else old.get("steps", 0)),
                "results": clean,
            }

        doc, _stamp = self.store.update("work", self._work_key(participant, lab), change)
        return self._saved(doc, replaced=info.get("replaced", False))

    @staticmethod
    def _saved(doc: dict, replaced: bool = False, note: str = "") -> SavedState:
        return SavedState(state=doc.get("state"), version=int(doc.get("version", 0)),
                          saved_at=doc.get("saved_at", ""), tab=doc.get("tab", ""),
                          step=int(doc.get("step", 0)), steps=int(doc.get("steps", 0)),
                          results=dict(doc.get("results") or {}), replaced_other_tab=replaced,
                          note=note)

    def load(self, participant: Participant, lab: str) -> SavedState | None:
        """The participant's latest work in ``lab`` (``None``: nothing saved yet)."""
        doc = self.store.load("work", self._work_key(participant, lab))
        return None if doc is None else self._saved(doc)

    def work_file(self, participant: Participant, lab: str) -> tuple[str, bytes]:
        """The participant's work in ``lab`` as a file to keep and load again
        (``(filename, bytes)``); it holds the state as typed."""
        saved = self.load(participant, lab)
        payload = {"format": FORMAT, "format_version": FORMAT_VERSION, "lab": lab,
                   "saved_at": saved.saved_at if saved else _now(),
                   "state": saved.state if saved else None}
        stamp = (saved.saved_at if saved else _now())[:16].replace(":", "").replace("T", "-")
        return f"{lab}-{stamp}.dwl.json", json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")

    @staticmethod
    def read_work_file(data: bytes, lab: str, lang: str | None = None) -> dict:
        """Check a work file for ``lab``: ``{"state", "saved_at"}``; a translated
        :class:`SessionError` (field ``file``) when it is not one, or is another lab's."""
        t = translator(lang)
        try:
            payload = json.loads(bytes(data).decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            raise SessionError(t(MSG_NOT_A_WORK_FILE), "file") from None
        if not isinstance(payload, dict) or payload.get("format") != FORMAT or "state" not in payload:
            raise SessionError(t(MSG_NOT_A_WORK_FILE), "file")
        if int(payload.get("format_version", 0)) > FORMAT_VERSION:
            raise SessionError(t(MSG_NEWER_FILE), "file")
        if payload.get("lab") != lab:
            other = payload.get("lab")
            title = t(LAB_TITLES[other]) if other in LAB_TITLES else str(other)
            raise SessionError(t(MSG_OTHER_LAB_FILE, lab=title), "file")
        return {"state": payload["state"], "saved_at": str(payload.get("saved_at", ""))}

    def load_work_file(self, participant: Participant, lab: str, data: bytes, tab: str = "",
                       lang: str | None = None) -> SavedState:
        """Make a work file the participant's latest work in ``lab``. The result's ``note``
        says when the file is older than what was saved (it replaces it all the same)."""
        t = translator(lang)
        content = self.read_work_file(data, lab, lang)
        before = self.load(participant, lab)
        note = ""
        if before is not None and content["saved_at"] and content["saved_at"] < before.saved_at:
            note = t(MSG_OLDER_FILE, file_time=_short_time(content["saved_at"], t),
                     saved_time=_short_time(before.saved_at, t))
        saved = self.save(participant, lab, content["state"], tab=tab)
        return SavedState(**{**asdict(saved), "note": note})

    # ------------------------------------------------------------------ feedback
    def add_feedback(self, code: str, lab: str, rating: int, unclear: str = "",
                     suggestions: str = "", lang: str | None = None) -> None:
        """Anonymous feedback on ``lab`` in the session ``code``."""
        t = translator(lang)
        session = self.session(code, lang)
        if lab not in LABS:
            raise SessionError(t(MSG_UNKNOWN_LAB, lab=lab), "lab")
        try:
            rating = int(rating)
        except (TypeError, ValueError):
            rating = 0
        if not 1 <= rating <= 5:
            raise SessionError(t(MSG_BAD_RATING), "rating")
        texts = {}
        for name, value in (("unclear", unclear), ("suggestions", suggestions)):
            text = _clean_text(value, multiline=True)
            if len(text) > MAX_TEXT:
                raise SessionError(t(MSG_LONG_TEXT, max=MAX_TEXT), name)
            texts[name] = text
        self.store.save("feedback", f"{session.code}/{lab}/{uuid.uuid4().hex[:12]}",
                        {"lab": lab, "rating": rating, "at": _now(), "lang": normalize_lang(lang),
                         **texts})

    # ------------------------------------------------------------------ the trainer's view
    def participants(self, trainer_code: str, lang: str | None = None) -> pd.DataFrame:
        """Who joined: ``label`` (P1, P2... in the order they joined), ``nickname``,
        ``joined_at``, and per lab of the session the step reached (``<lab>_step``/``_steps``)
        and the last save time."""
        session = self.session_for_trainer(trainer_code, lang)
        work = {k: v for k, v, _ in self.store.items("work", f"{session.code}/")}
        rows = []
        for i, (pkey, doc) in enumerate(self._people(session), 1):
            row = {"label": f"P{i}", "nickname": doc["nickname"], "joined_at": doc.get("joined_at", "")}
            for lab in session.labs:
                w = work.get(f"{session.code}/{pkey}/{lab}") or {}
                row[f"{lab}_step"] = int(w.get("step", 0))
                row[f"{lab}_steps"] = int(w.get("steps", 0))
                row[f"{lab}_saved_at"] = w.get("saved_at", "")
            rows.append(row)
        columns = ["label", "nickname", "joined_at"] + [f"{lab}_{c}" for lab in session.labs
                                                         for c in ("step", "steps", "saved_at")]
        return pd.DataFrame(rows, columns=columns)

    def results(self, trainer_code: str, lab: str, lang: str | None = None) -> pd.DataFrame:
        """The key results each participant's lab reported, anonymised: index ``label``
        (P1, P2... as in :meth:`participants`), one column per result key."""
        session = self.session_for_trainer(trainer_code, lang)
        labels = {pkey: f"P{i}" for i, (pkey, _doc) in enumerate(self._people(session), 1)}
        rows = {}
        for key, doc, _u in self.store.items("work", f"{session.code}/"):
            _code, pkey, wlab = key.split("/")
            if wlab == lab and doc.get("results") and pkey in labels:
                rows[labels[pkey]] = doc["results"]
        order = [labels[k] for k in labels if labels[k] in rows]
        frame = pd.DataFrame.from_dict(rows, orient="index").reindex(order)
        frame.index.name = "label"
        return frame

    def feedback(self, trainer_code: str, lang: str | None = None) -> pd.DataFrame:
        """The session's feedback: ``lab``, ``rating``, ``unclear``, ``suggestions``, ``at``."""
        session = self.session_for_trainer(trainer_code, lang)
        rows = [doc for _k, doc, _u in self.store.items("feedback", f"{session.code}/")]
        return pd.DataFrame(rows, columns=["lab", "rating", "unclear", "suggestions", "at", "lang"])


def _short_time(stamp: str, t) -> str:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    return f"{t.date(moment.date())} {moment.strftime('%H:%M')} UTC"
