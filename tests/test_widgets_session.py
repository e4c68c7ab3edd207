"""The participant's session panel (widgets.session) with a small lab, without a browser."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from modules.sessions import Workshop
from modules.store import Store
from widgets.context import LabContext
from widgets.session import SessionPanel


class TinyLab:
    """The smallest lab a session can hold: one number the participant types."""

    def __init__(self):
        self.value = 0
        self.step = 1
        self.applied = []
        self.panel = None

    def type(self, value, step=None):
        self.value = value
        self.step = step or self.step
        self.panel.changed()

    def work_state(self):
        return {"value": self.value}

    def restore_work(self, state):
        if "value" not in state:
            raise KeyError("value")
        self.value = state["value"]

    def work_results(self):
        return {"npv": self.value * 10.0}

    def work_progress(self):
        return self.step, 4

    def apply_session(self, session):
        self.applied.append(session.code)
        self.value = session.parameters_for("cash_to_digital").get("transfer_fee", 0)


@pytest.fixture
def ws(tmp_path):
    return Workshop(Store(tmp_path / "w.sqlite3"))


@pytest.fixture
def session(ws):
    return ws.create_session("Taller Cusco", "2026-11-23", "Cusco", "es", ["cash_to_digital"],
                             parameters={"cash_to_digital": {"transfer_fee": 1.5}})


def open_lab(ws, lang="es"):
    lab = TinyLab()
    lab.panel = SessionPanel(LabContext(lang, languages=("es", "en", "id")), "cash_to_digital",
                             lab, workshop=ws)
    return lab, lab.panel


def url_script(panel) -> str:
    return "".join(o["data"]["text/html"] for o in panel.url.outputs)


def test_collapsed_title_invites_to_join_in_the_participants_language(ws):
    _lab, panel = open_lab(ws, "es")
    assert panel.get_title(0) == "Sesión del taller: únase con el código que le da su facilitador"
    assert panel.selected_index is None
    panel.ctx.lang = "en"
    assert panel.get_title(0).startswith("Workshop session: join")
    assert panel.join_button.description == "Join"


def test_join_applies_the_session_and_saves_as_the_participant_types(ws, session):
    lab, panel = open_lab(ws)
    panel.code.value, panel.nickname.value = session.code.lower(), "Rosa"
    panel.join_button.click()
    assert panel.joined and lab.applied == [session.code] and lab.value == 1.5
    assert "Su código personal es" in panel.feedback.text
    assert panel.participant.key in panel.feedback.text
    assert f'"session": "{session.code}"' in url_script(panel)
    assert f'"me": "{panel.participant.key}"' in url_script(panel)
    lab.type(7, step=3)
    saved = ws.load(panel.participant, "cash_to_digital")
    assert saved.state == {"value": 7} and saved.step == 3 and saved.results == {"npv": 70.0}
    assert panel.get_title(0).startswith("Sesión Taller Cusco · Rosa · guardado ")


def test_a_refresh_brings_the_work_back_from_the_address(ws, session):
    lab, panel = open_lab(ws)
    panel.join(session.code, "Rosa")
    lab.type(42)
    key = panel.participant.key
    # the page is reloaded: a new kernel, a new lab, the address keeps session and me
    lab2, panel2 = open_lab(ws)
    assert panel2.from_query(f"lang=es&session={session.code}&me={key}")
    assert lab2.value == 42 and lab2.applied == []
    assert "Bienvenido(a) de nuevo, Rosa" in panel2.feedback.text


def test_bad_codes_get_messages_next_to_the_join_form(ws, session):
    lab, panel = open_lab(ws, "id")
    assert not panel.join("ZZZ-ZZZ", "Sari")
    assert panel.feedback.kind == "error" and "Tidak ada sesi lokakarya" in panel.feedback.text
    assert panel.selected_index == 0 and not panel.joined
    assert not panel.join(session.code, "   ")
    assert "nama panggilan" in panel.feedback.text
    assert not panel.from_query(f"session={session.code}&me=AAA-AAA")
    assert "Kode pribadi ini bukan milik sesi ini" in panel.feedback.text
    assert lab.applied == []


def test_a_link_with_the_session_code_only_fills_it_in(ws, session):
    _lab, panel = open_lab(ws)
    assert not panel.from_query(f"session={session.code}")
    assert panel.code.value == session.code and panel.selected_index == 0 and not panel.joined


def test_two_tabs_last_write_wins_and_the_tab_is_told(ws, session):
    lab_a, tab_a = open_lab(ws)
    tab_a.join(session.code, "Rosa")
    lab_a.type(1)
    lab_b, tab_b = open_lab(ws)
    tab_b.from_query(f"session={session.code}&me={tab_a.participant.key}")
    lab_b.type(2)
    lab_a.type(3)  # tab A had not seen B's save
    assert tab_a.feedback.kind == "warning" and "otra pestaña" in tab_a.feedback.text
    assert ws.load(tab_a.participant, "cash_to_digital").state == {"value": 3}


def test_download_and_load_the_work_file(ws, session):
    lab, panel = open_lab(ws)
    panel.join(session.code, "Rosa")
    lab.type(5)
    filename, data = panel.build_work_file()
    assert filename.endswith(".dwl.json") and json.loads(data)["state"] == {"value": 5}
    lab.type(9)
    panel.upload.value = ({"name": filename, "content": data, "type": "application/json",
                           "size": len(data), "last_modified": dt.datetime(2026, 11, 22)},)
    assert lab.value == 5 and panel.upload_feedback.kind == "ok"
    panel.upload.value = ({"name": "x.json", "content": b"not json", "type": "", "size": 8,
                           "last_modified": dt.datetime(2026, 11, 22)},)
    assert panel.upload_feedback.kind == "error" and lab.value == 5
    assert "no es un archivo de trabajo" in panel.upload_feedback.text


def test_an_unreadable_saved_state_starts_from_the_session_with_a_message(ws, session):
    lab, panel = open_lab(ws)
    panel.join(session.code, "Rosa")
    ws.save(panel.participant, "cash_to_digital", {"old_format": True})
    lab2, panel2 = open_lab(ws)
    assert panel2.resume(session.code, panel.participant.key)
    assert panel2.feedback.kind == "warning" and lab2.applied == [session.code]
    assert "(código " in panel2.feedback.text


def test_feedback_goes_to_the_session_anonymously(ws, session):
    lab, panel = open_lab(ws)
    panel.join(session.code, "Rosa")
    assert panel.fb_box.layout.display == "none"
    panel.fb_toggle.click()
    assert panel.fb_box.layout.display is None
    panel.send.click()
    assert panel.fb_feedback.kind == "error"
    panel.rating.value = "4"
    panel.unclear.value = "Las comisiones"
    panel.send.click()
    assert panel.fb_feedback.kind == "ok" and panel.rating.value is None
    table = ws.feedback(session.trainer_code)
    assert list(table["rating"]) == [4] and list(table["unclear"]) == ["Las comisiones"]
    assert "Rosa" not in table.to_string()


def test_not_joined_nothing_is_saved(ws, session):
    lab, panel = open_lab(ws)
    lab.type(3)
    assert ws.store.items("work") == [] and panel.build_work_file() is None
