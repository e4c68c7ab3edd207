"""Workshop sessions in headless Chromium: a participant joins from the gallery link, works,
and finds the work again after a refresh (a new kernel), after the kernels are killed and
after the server restarts; a
second participant in the same room never sees it; the trainer's page shows both."""
from __future__ import annotations

import pytest

from modules.sessions import Workshop
from modules.store import Store

from .conftest import LabServerProcess

pytestmark = pytest.mark.browser
LAB = "cash_to_digital"


@pytest.fixture
def room(tmp_path):
    """A server with its own settings file and SQLite store, and a session in it."""
    store = tmp_path / "var" / "room.sqlite3"
    config = tmp_path / "dwl.yaml"
    config.write_text(f"default_language: es\nstore_path: {store}\n")
    ws = Workshop(Store(store))
    session = ws.create_session("Taller Cusco", "2026-11-23", "Cusco", "es", [LAB],
                                case_ids={LAB: "pe_cusco_bakery"})
    server = LabServerProcess(tmp_path, env={"DWL_CONFIG": str(config)})
    yield server, ws, session, config, tmp_path
    server.stop()


def _open_panel(page) -> None:
    header = page.locator(".dwl-session .jupyter-widget-Collapse-header, .dwl-session .p-Collapse-header").first
    if page.locator(".dwl-session-nickname input").first.is_visible():
        return
    header.click()
    page.locator(".dwl-session-nickname input").first.wait_for(state="visible")


def _fee(page) -> str:
    return page.locator(".dwl-input-transfer_fee input").first.input_value()


def _wait_saved(ws, session, nickname_key, predicate, timeout=30):
    import time

    deadline = time.time() + timeout
    while time.time() < deadline:
        me = ws.participant(session.code, nickname_key)
        saved = ws.load(me, LAB)
        if saved is not None and predicate(saved):
            return saved
        time.sleep(0.3)
    raise AssertionError("the participant's change was not saved")


def test_work_survives_refresh_and_server_restart_and_stays_private(room, browser):
    server, ws, session, config, tmp_path = room
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    # the gallery link the trainer gives carries the session code
    page.goto(f"{server.url}?lang=es&session={session.code}")
    card = page.locator(".card", has_text="Sueldos en efectivo o digitales")
    assert f"session={session.code}" in card.locator("a.open").first.get_attribute("href")
    card.locator("a.open").first.click()
    page.wait_for_selector(".dwl-lab")
    _open_panel(page)
    assert page.locator(".dwl-session-code input").first.input_value() == session.code
    page.locator(".dwl-session-nickname input").first.fill("Rosa")
    page.locator("button.dwl-session-join").first.click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('me')")
    key = page.evaluate("() => new URL(location.href).searchParams.get('me')")
    assert ws.participant(session.code, key).nickname == "Rosa"

    # the session's case study is loaded; the participant changes the transfer fee
    page.locator(".lm-TabBar-tab", has_text="2.").first.click()
    page.wait_for_function("() => document.querySelector('.dwl-input-workers input').value === '8'")
    fee = page.locator(".dwl-input-transfer_fee input").first
    fee.fill("1.75")
    fee.press("Tab")
    _wait_saved(ws, session, key, lambda s: s.state["inputs"]["transfer_fee"] == 1.75)

    # refresh: a new kernel; the address keeps session and me
    page.reload()
    page.wait_for_selector(".dwl-lab")
    page.locator(".lm-TabBar-tab", has_text="2.").first.click()
    page.wait_for_function("() => document.querySelector('.dwl-input-transfer_fee input').value === '1.75'")
    title = page.locator(".dwl-session").first.inner_text()
    assert "Rosa" in title and "Taller Cusco" in title

    # the participant's kernel dies (killed, as by the out-of-memory killer): a reload brings
    # the work back (the page's kernel is the one its websocket talks to)
    import psutil

    kernel_id = next(u for u in reversed(sockets) if "/api/kernels/" in u).split("/api/kernels/")[1].split("/")[0]
    kernels = [p for p in psutil.Process(server.proc.pid).children(recursive=True)
               if f"kernel-{kernel_id}.json" in " ".join(p.cmdline())]
    assert len(kernels) == 1
    kernels[0].kill()
    psutil.wait_procs(kernels, timeout=20)
    page.reload()
    page.wait_for_selector(".dwl-lab")
    page.locator(".lm-TabBar-tab", has_text="2.").first.click()
    page.wait_for_function("() => document.querySelector('.dwl-input-transfer_fee input').value === '1.75'")

    # another participant of the same room: joins, never sees Rosa's fee
    other = browser.new_context(viewport={"width": 412, "height": 860})
    page2 = other.new_page()
    page2.set_default_timeout(60_000)
    page2.goto(f"{server.url}voila/render/{LAB}.ipynb?lang=es&session={session.code}")
    page2.wait_for_selector(".dwl-lab")
    _open_panel(page2)
    page2.locator(".dwl-session-nickname input").first.fill("Juan")
    page2.locator("button.dwl-session-join").first.click()
    page2.wait_for_function("() => new URL(location.href).searchParams.get('me')")
    page2.locator(".lm-TabBar-tab", has_text="2.").first.click()
    page2.wait_for_function("() => document.querySelector('.dwl-input-workers input').value === '8'")
    assert _fee(page2) != "1.75"
    key2 = page2.evaluate("() => new URL(location.href).searchParams.get('me')")
    _wait_saved(ws, session, key2, lambda s: s.step == 2)  # step 2 reached, saved
    other.close()

    # the server restarts (same settings file, same SQLite store)
    url = page.url
    port = server.port
    server.stop()
    restarted = LabServerProcess(tmp_path, env={"DWL_CONFIG": str(config)}, port=port)
    try:
        page.goto(url)
        page.wait_for_selector(".dwl-lab")
        page.locator(".lm-TabBar-tab", has_text="2.").first.click()
        page.wait_for_function(
            "() => document.querySelector('.dwl-input-transfer_fee input').value === '1.75'")
        people = ws.participants(session.trainer_code)
        assert list(people["nickname"]) == ["Rosa", "Juan"]
        assert list(people[f"{LAB}_step"]) == [2, 2]
    finally:
        restarted.stop()
        context.close()


def test_a_bad_session_code_gets_a_message_next_to_the_field(room, browser):
    server, _ws, _session, _config, _tmp = room
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{server.url}voila/render/{LAB}.ipynb?lang=es")
    page.wait_for_selector(".dwl-lab")
    _open_panel(page)
    page.locator(".dwl-session-code input").first.fill("ZZZ-999")
    page.locator(".dwl-session-nickname input").first.fill("Rosa")
    page.locator("button.dwl-session-join").first.click()
    page.wait_for_selector(".dwl-session .dwl-msg-error")
    assert "No hay ninguna sesión de taller con el código ZZZ-999" in \
        page.locator(".dwl-session .dwl-msg-error").first.inner_text()
    context.close()
