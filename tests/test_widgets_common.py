"""Friendly errors, busy indicator, feedback and language switch (no browser)."""
from __future__ import annotations

import logging

import ipywidgets as W

from modules.register import RegisterError
from widgets import Busy, Feedback, LabContext, LanguageSwitch, safe_callback
from widgets.common import report_exception

SECRET = "45781236"  # a document number: must never reach the log or the page


def _boom(_button=None):
    raise RuntimeError(f"cannot parse {SECRET}")


def test_unexpected_error_shows_a_friendly_message_and_logs_without_personal_data(caplog):
    ctx = LabContext("es")
    feedback = Feedback(ctx)
    button = W.Button()
    button.on_click(safe_callback(ctx, feedback)(_boom))
    with caplog.at_level(logging.ERROR, logger="widgets"):
        button.click()
    assert feedback.kind == "error"
    assert feedback.text.startswith("Lo sentimos, algo salió mal.")
    assert "Traceback" not in feedback.value and SECRET not in feedback.value
    record = caplog.records[-1]
    code = feedback.text.split("código ")[1].rstrip(").")
    assert len(code) == 6 and code in record.getMessage()
    assert "RuntimeError" in record.getMessage()
    assert "_boom" in record.getMessage()  # the traceback frames are logged
    assert SECRET not in caplog.text


def test_friendly_message_follows_the_language():
    ctx = LabContext("es")
    feedback = Feedback(ctx)
    safe_callback(ctx, feedback)(_boom)()
    ctx.lang = "en"
    assert feedback.text.startswith("Sorry, something went wrong.")


def test_participant_errors_show_their_own_translated_message(caplog):
    ctx = LabContext("es")
    feedback = Feedback(ctx)

    def refuse():
        raise RegisterError("El archivo está vacío.")

    with caplog.at_level(logging.INFO, logger="widgets"):
        assert safe_callback(ctx, feedback)(refuse)() is None
    assert feedback.text == "El archivo está vacío."
    assert "El archivo" not in caplog.text  # participant input is not written to the log


def test_payroll_errors_are_translated_into_the_labs_language():
    from modules.payroll import RulesError, compute_payroll
    from modules.register import empty_register

    ctx = LabContext("en")
    feedback = Feedback(ctx)
    safe_callback(ctx, feedback)(lambda: compute_payroll(empty_register(), "1990-01", lang="es"))()
    assert feedback.kind == "error"
    try:
        compute_payroll(empty_register(), "1990-01", lang="en")
    except RulesError as exc:
        assert feedback.text == str(exc)


def test_busy_shows_and_disables_the_button_only_while_running():
    ctx = LabContext("es")
    busy, feedback, button = Busy(ctx), Feedback(ctx), W.Button()
    seen = []

    def slow(_b=None):
        seen.append((busy.layout.display, button.disabled, busy.value))

    button.on_click(safe_callback(ctx, feedback, busy, button)(slow))
    assert busy.layout.display == "none"
    button.click()
    display, disabled, text = seen[0]
    assert display != "none" and disabled and "Calculando…" in text
    assert busy.layout.display == "none" and not button.disabled


def test_busy_restores_the_button_after_an_error():
    ctx = LabContext("en")
    busy, feedback, button = Busy(ctx), Feedback(ctx), W.Button()
    button.on_click(safe_callback(ctx, feedback, busy, button)(_boom))
    button.click()
    assert not button.disabled and busy.layout.display == "none"
    assert feedback.kind == "error"


def test_language_switch_sets_the_context_and_follows_it():
    ctx = LabContext("es")
    switch = LanguageSwitch(ctx)
    assert [label for label, _ in switch.dropdown.options] == ["Español", "English"]
    assert "Idioma" in switch.label.value
    switch.dropdown.value = "en"
    assert ctx.lang == "en" and "Language" in switch.label.value
    ctx.lang = "es"
    assert switch.dropdown.value == "es"


def test_report_exception_logs_the_chain_without_messages(caplog):
    try:
        try:
            int(f"x{SECRET}")
        except ValueError as inner:
            raise KeyError(SECRET) from inner
    except KeyError as exc:
        with caplog.at_level(logging.ERROR, logger="widgets"):
            code = report_exception(exc, where="test")
    message = caplog.records[-1].getMessage()
    assert code in message and "KeyError" in message and "ValueError" in message
    assert SECRET not in caplog.text


def test_memory_is_released_once_a_participants_action_is_done(monkeypatch):
    """An action whose observers run further callbacks (a value that recomputes, which
    redraws) releases memory once, after the outermost callback, also after an error."""
    from widgets import common

    released = []
    monkeypatch.setattr(common, "release_memory", lambda: released.append(len(calls)))
    ctx = LabContext("es")
    feedback = Feedback(ctx)
    calls = []
    inner = safe_callback(ctx, feedback)(lambda: calls.append("inner"))

    @safe_callback(ctx, feedback)
    def outer(_button=None):
        calls.append("outer")
        inner()
        inner()

    button = W.Button()
    button.on_click(outer)
    button.click()
    assert calls == ["outer", "inner", "inner"] and released == [3]
    button2 = W.Button()
    button2.on_click(safe_callback(ctx, feedback)(_boom))
    button2.click()
    assert feedback.kind == "error" and released == [3, 3]


def test_release_memory_collects_and_freezes_only_in_a_kernel(monkeypatch):
    """In a kernel (one lab per process) the cyclic garbage of a drawn figure is collected at
    once and what lives after a large import is frozen, so that later collections are quick;
    in a test run or a script nothing is frozen."""
    import gc
    import sys

    from widgets import common

    class Cycle:
        def __init__(self):
            self.me = self

    assert not common._in_kernel()
    gc.disable()  # only release_memory may collect here
    try:
        frozen = gc.get_freeze_count()
        Cycle()
        common.release_memory()
        assert gc.get_freeze_count() == frozen
        assert any(type(o) is Cycle for o in gc.get_objects())  # not collected outside a kernel
        monkeypatch.setattr(common, "_in_kernel", lambda: True)
        monkeypatch.setattr(common, "_frozen_at_modules", len(sys.modules) - 60)
        common.release_memory()
        assert not any(type(o) is Cycle for o in gc.get_objects())  # collected
        assert gc.get_freeze_count() > frozen and common._frozen_at_modules == len(sys.modules)
        Cycle()
        common.release_memory()  # no large import since: collected, nothing more frozen
        assert not any(type(o) is Cycle for o in gc.get_objects())
    finally:
        gc.unfreeze()
        gc.enable()
