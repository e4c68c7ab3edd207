"""Page-object helpers for the SCORE productivity lab in Chromium (tests and benchmarks).

They act like a participant: click the visible case-study button, tick a module, read what
the visible panel says. The "results at a glance" panel is shown in steps 1 and 2 (the same
widget twice), so the helpers read the copy that is on screen.
"""
from __future__ import annotations

from pathlib import Path

from tests.browser_helpers import download, open_step  # noqa: F401 - re-exported for the tests

LAB_READY = ".dwl-score-lab"
NOTEBOOK = "score_productivity.ipynb"

#: JavaScript: the src of the first visible image matching a selector ('' when none)
_VISIBLE_SRC = """sel => {
  const el = [...document.querySelectorAll(sel)].find(e => e.offsetParent !== null);
  return el ? el.src : '';
}"""
_VISIBLE_TEXT = """sel => {
  const el = [...document.querySelectorAll(sel)].find(e => e.offsetParent !== null);
  return el ? el.innerText : '';
}"""
LIVE_CHART = "img.dwl-score-live-chart"
LIVE_SUMMARY = ".dwl-score-live-summary"


def open_lab(page, base_url: str, lang: str = "id") -> None:
    page.goto(f"{base_url}voila/render/{NOTEBOOK}?lang={lang}")
    page.wait_for_selector(LAB_READY)
    page.wait_for_function(f"() => ({_VISIBLE_SRC})('{LIVE_CHART}') !== ''")


def input_of(page, name: str):
    """The visible field of the declared input ``name`` (e.g. ``workers``, ``qm_on``)."""
    return page.locator(f".dwl-input-{name} input").locator("visible=true").first


def wait_value(page, name: str, value: str) -> None:
    """Wait until the kernel has put ``value`` in the field (fields update one at a time)."""
    page.wait_for_function("([el, v]) => el.value === v", arg=[input_of(page, name).element_handle(), value])


def pick_case(page, case_id: str) -> None:
    """Click a case-study button and wait until its workers are in the form."""
    from modules.productivity import load_enterprise_case

    page.locator(f"button.dwl-case-{case_id}").click()
    wait_value(page, "workers", str(load_enterprise_case(case_id).baseline["workers"]))


def chart_src(page, selector: str = LIVE_CHART) -> str:
    return page.evaluate(_VISIBLE_SRC, selector)


def live_text(page) -> str:
    return page.evaluate(_VISIBLE_TEXT, LIVE_SUMMARY)


def wait_chart_change(page, before: str, selector: str = LIVE_CHART) -> None:
    page.wait_for_function(f"([sel, prev]) => {{ const s = ({_VISIBLE_SRC})(sel); return s && s !== prev; }}",
                           arg=[selector, before])


def wait_live_text(page, text: str) -> None:
    page.wait_for_function(f"t => ({_VISIBLE_TEXT})('{LIVE_SUMMARY}').includes(t)", arg=text)


def take_module(page, lever: str, on: bool = True) -> None:
    """Tick (or untick) "take this module" of ``lever`` in the scenario on screen (step 2)."""
    box = input_of(page, f"{lever}_on")
    box.check() if on else box.uncheck()


def set_input(page, name: str, value: str) -> None:
    field = input_of(page, name)
    field.fill(value)
    field.press("Tab")  # the value is sent when the field loses focus


def switch_language(page, label: str) -> None:
    page.locator(".dwl-lang select").select_option(label=label)


def save_download(page, css_class: str, dest: Path) -> Path:
    return download(page, css_class, dest)
