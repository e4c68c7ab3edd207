"""Workshop sessions (modules.sessions): codes, joining, work saved and restored, two tabs,
isolation, concurrent participants, work files, feedback and the trainer's view."""
from __future__ import annotations

import json
import multiprocessing as mp

import pytest

from modules.inputs import InputError
from modules.sessions import (FORMAT, LABS, SessionError, Workshop, adaptable_inputs,
                              validate_parameters)
from modules.store import Store


@pytest.fixture
def ws(tmp_path):
    return Workshop(Store(tmp_path / "var" / "w.sqlite3"))


@pytest.fixture
def session(ws):
    return ws.create_session("Taller Cusco", "2026-11-23", "Cusco", "es",
                             ["cash_to_digital", "payroll_digital"],
                             case_ids={"cash_to_digital": "pe_cusco_bakery"},
                             parameters={"cash_to_digital": {"transfer_fee": 0.5}})


def test_a_session_has_a_participant_code_and_a_different_trainer_code(ws, session):
    assert len(session.code) == 7 and session.code[3] == "-"
    assert len(session.trainer_code) == 11 and session.trainer_code != session.code
    again = ws.session(session.code.lower().replace("-", " "))
    assert again == session
    assert ws.session_for_trainer(session.trainer_code) == session
    assert session.parameters_for("cash_to_digital") == {"transfer_fee": 0.5}
    assert session.parameters_for("payroll_digital") == {}
    assert "trainer_code" not in session.public()


@pytest.mark.parametrize("code, lang, message", [
    ("12", "es", "Un código de sesión tiene 6 letras o dígitos"),
    ("ZZZ-ZZZ", "es", "No hay ninguna sesión de taller con el código ZZZ-ZZZ"),
    ("ZZZ-ZZZ", "en", "There is no workshop session with the code ZZZ-ZZZ"),
    ("ZZZ-ZZZ", "id", "Tidak ada sesi lokakarya dengan kode ZZZ-ZZZ"),
])
def test_bad_session_codes_get_a_clear_message(ws, session, code, lang, message):
    with pytest.raises(SessionError) as info:
        ws.join(code, "Rosa", lang=lang)
    assert message in str(info.value) and info.value.field == "code"


def test_the_participant_code_does_not_open_the_trainers_view(ws, session):
    with pytest.raises(SessionError) as info:
        ws.participants(session.code, lang="es")
    assert info.value.field == "trainer_code"


def test_session_settings_are_checked(ws):
    with pytest.raises(SessionError, match="nombre"):
        ws.create_session("  ", "2026-11-23", labs=["cash_to_digital"], lang="es")
    with pytest.raises(SessionError, match="AAAA-MM-DD|YYYY-MM-DD"):
        ws.create_session("X", "23/11/2026", labs=["cash_to_digital"], lang="es")
    with pytest.raises(SessionError) as info:
        ws.create_session("X", "2026-11-23", labs=[], lang="es")
    assert info.value.field == "labs"
    with pytest.raises(InputError) as bad:
        ws.create_session("X", "2026-11-23", labs=["cash_to_digital"], lang="es",
                          parameters={"cash_to_digital": {"transfer_fee": -3}})
    assert "transfer_fee" in bad.value.problems


def test_adapted_parameters_are_validated_against_the_declarations():
    assert validate_parameters("score_productivity", {"monthly_wage": 6_000_000}) == {
        "monthly_wage": 6_000_000.0}
    with pytest.raises(InputError) as info:
        validate_parameters("score_productivity", {"workers": 0}, lang="en")
    assert info.value.problems["workers"].startswith("Workers: 0 is below the minimum")
    for lab in LABS:
        inputs = adaptable_inputs(lab) if lab != "microinsurance_viability" else None
        assert inputs is None or len(list(inputs)) > 0


def test_trainer_updates_parameters_and_participants_see_them(ws, session):
    updated = ws.update_session(session.trainer_code,
                                parameters={"cash_to_digital": {"transfer_fee": 1.0}})
    assert ws.session(session.code).parameters_for("cash_to_digital") == {"transfer_fee": 1.0}
    assert updated.code == session.code and updated.name == "Taller Cusco"


def test_join_save_and_come_back_with_the_personal_code(ws, session):
    rosa = ws.join(session.code, "  Rosa  Quispe ")
    assert rosa.nickname == "Rosa Quispe" and len(rosa.key) == 7
    assert ws.load(rosa, "cash_to_digital") is None
    first = ws.save(rosa, "cash_to_digital", {"inputs": {"transfer_fee": 0.5}}, step=2, steps=4,
                    results={"break_even_month": 7, "npv": 1250.5}, tab="t1")
    assert first.version == 1 and not first.replaced_other_tab
    back = ws.participant(session.code, rosa.key.lower())
    assert back == rosa
    restored = ws.load(back, "cash_to_digital")
    assert restored.state == {"inputs": {"transfer_fee": 0.5}} and restored.step == 2
    with pytest.raises(SessionError) as info:
        ws.participant(session.code, "AAA-AAA")
    assert info.value.field == "key"


def test_nicknames_are_required_and_short(ws, session):
    with pytest.raises(SessionError) as info:
        ws.join(session.code, " \n ", lang="es")
    assert info.value.field == "nickname" and "apodo" in str(info.value)
    with pytest.raises(SessionError):
        ws.join(session.code, "x" * 31)


def test_two_tabs_last_write_wins_and_the_overwritten_tab_is_told(ws, session):
    me = ws.join(session.code, "Rosa")
    a = ws.save(me, "cash_to_digital", {"v": "a1"}, tab="A")
    b = ws.save(me, "cash_to_digital", {"v": "b1"}, tab="B", base_version=a.version)
    assert not b.replaced_other_tab  # B had seen A's version
    a2 = ws.save(me, "cash_to_digital", {"v": "a2"}, tab="A", base_version=a.version)
    assert a2.replaced_other_tab  # A had not seen B's save: it wins, visibly
    assert ws.load(me, "cash_to_digital").state == {"v": "a2"}
    a3 = ws.save(me, "cash_to_digital", {"v": "a3"}, tab="A", base_version=a2.version)
    assert not a3.replaced_other_tab and a3.version == 4


def test_one_participant_never_reaches_anothers_work(ws, session):
    rosa, juan = ws.join(session.code, "Rosa"), ws.join(session.code, "Rosa")  # same nickname
    assert rosa.key != juan.key
    ws.save(rosa, "cash_to_digital", {"mine": "rosa"})
    assert ws.load(juan, "cash_to_digital") is None
    ws.save(juan, "cash_to_digital", {"mine": "juan"})
    assert ws.load(rosa, "cash_to_digital").state == {"mine": "rosa"}
    other = ws.create_session("Otra", "2026-11-24", labs=["cash_to_digital"])
    with pytest.raises(SessionError):
        ws.participant(other.code, rosa.key)  # a key is only valid in its own session


def _participant_process(path, code, i, rounds, queue):
    ws = Workshop(Store(path))
    me = ws.join(code, f"P{i}")
    for r in range(rounds):
        ws.save(me, "cash_to_digital", {"i": i, "round": r}, step=min(r + 1, 4), steps=4,
                results={"break_even_month": i + 1})
    queue.put((me.key, i))


def test_twelve_participants_at_once_lose_nothing(tmp_path):
    path = tmp_path / "room.sqlite3"
    ws = Workshop(Store(path))
    session = ws.create_session("Sala", "2026-11-23", labs=["cash_to_digital"])
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_participant_process, args=(path, session.code, i, 15, queue))
             for i in range(12)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    keys = dict(queue.get(timeout=10) for _ in procs)
    for key, i in keys.items():
        me = ws.participant(session.code, key)
        saved = ws.load(me, "cash_to_digital")
        assert saved.state == {"i": i, "round": 14} and saved.version == 15
    people = ws.participants(session.trainer_code)
    assert len(people) == 12 and (people["cash_to_digital_step"] == 4).all()
    results = ws.results(session.trainer_code, "cash_to_digital")
    assert sorted(results["break_even_month"]) == list(range(1, 13))


def test_dashboard_results_are_the_participants_own_and_anonymised(ws, session):
    a, b, c = (ws.join(session.code, n) for n in ("Ana", "Beto", "Carla"))
    ws.save(a, "cash_to_digital", {}, step=4, steps=4, results={"break_even_month": 5, "npv": 900.0})
    ws.save(c, "cash_to_digital", {}, step=1, steps=4, results={"break_even_month": None})
    ws.save(b, "payroll_digital", {}, step=2, steps=5, results={"workers": 8})
    people = ws.participants(session.trainer_code)
    assert list(people["label"]) == ["P1", "P2", "P3"]
    assert list(people["nickname"]) == ["Ana", "Beto", "Carla"]
    assert list(people["cash_to_digital_step"]) == [4, 0, 1]
    assert list(people["payroll_digital_step"]) == [0, 2, 0]
    res = ws.results(session.trainer_code, "cash_to_digital")
    assert list(res.index) == ["P1", "P3"] and "nickname" not in res.columns
    assert res.loc["P1", "npv"] == 900.0 and res.loc["P1", "break_even_month"] == 5


def test_work_file_round_trip_and_its_messages(ws, session):
    me = ws.join(session.code, "Rosa")
    ws.save(me, "cash_to_digital", {"inputs": {"transfer_fee": 0.5}, "note": "año"})
    name, data = ws.work_file(me, "cash_to_digital")
    assert name.startswith("cash_to_digital-") and name.endswith(".dwl.json")
    assert json.loads(data)["format"] == FORMAT
    ws.save(me, "cash_to_digital", {"inputs": {"transfer_fee": 2.0}})
    loaded = ws.load_work_file(me, "cash_to_digital", data, lang="es")
    assert loaded.state == {"inputs": {"transfer_fee": 0.5}, "note": "año"}
    assert ws.load(me, "cash_to_digital").state == loaded.state
    with pytest.raises(SessionError, match="no es un archivo de trabajo"):
        ws.load_work_file(me, "cash_to_digital", b"\x89PNG...", lang="es")
    with pytest.raises(SessionError, match="otro laboratorio"):
        ws.load_work_file(me, "payroll_digital", data, lang="es")
    newer = json.loads(data)
    newer["format_version"] = 99
    with pytest.raises(SessionError, match="newer version"):
        ws.load_work_file(me, "cash_to_digital", json.dumps(newer).encode(), lang="en")


def test_an_older_work_file_replaces_the_work_and_says_so(ws, session):
    me = ws.join(session.code, "Rosa")
    old = {"format": FORMAT, "format_version": 1, "lab": "cash_to_digital",
           "saved_at": "2026-01-05T10:00:00+00:00", "state": {"v": "old"}}
    ws.save(me, "cash_to_digital", {"v": "new"})
    loaded = ws.load_work_file(me, "cash_to_digital", json.dumps(old).encode(), lang="en")
    assert loaded.state == {"v": "old"} and "before your latest work" in loaded.note


def test_feedback_is_anonymous_checked_and_exportable(ws, session):
    ws.add_feedback(session.code, "cash_to_digital", 4, "The fees", "Add Caja Cusco\nand Yape")
    ws.add_feedback(session.code, "payroll_digital", "5")
    with pytest.raises(SessionError) as info:
        ws.add_feedback(session.code, "cash_to_digital", 9, lang="es")
    assert info.value.field == "rating"
    table = ws.feedback(session.trainer_code)
    assert sorted(table["rating"]) == [4, 5]
    row = table[table["lab"] == "cash_to_digital"].iloc[0]
    assert row["suggestions"] == "Add Caja Cusco\nand Yape" and row["unclear"] == "The fees"


@pytest.mark.parametrize("lang", ["es", "id"])
def test_every_message_of_the_sessions_is_translated(lang):
    from pathlib import Path

    from babel.messages.extract import extract

    from modules import sessions
    from modules.i18n import translator

    t = translator(lang)
    with open(Path(sessions.__file__), "rb") as fh:
        ids = [m for _l, m, _c, _x in extract("python", fh, keywords={"N_": None})]
    assert len(ids) > 30
    missing = [m for m in ids if t(m) == m]
    assert not missing, missing
