"""Page-object helpers for the micro-insurance lab in Chromium (tests and benchmarks).

They act like a participant: open a step, type into the visible field of a declared input,
click the design buttons, read the visible side-by-side table and wait for the fund chart
beside the designs to change.
"""
from __future__ import annotations

from tests.browser_helpers import download, open_step  # noqa: F401 - re-exported for the tests

NOTEBOOK = "microinsurance_viability.ipynb"
LAB_READY = ".dwl-mi-lab"
SIDE = ".dwl-mi-side"
COMPARE = f"{SIDE} table.dwl-mi-compare"
LIVE_CHART = f"{SIDE} img.dwl-mi-fund-chart"

_SRC = "sel => { const el = document.querySelector(sel); return el ? el.src : ''; }"
_TEXT = "sel => { const el = document.querySelector(sel); return el ? el.innerText : ''; }"


def open_lab(page, base_url: str, lang: str = "es") -> None:
    """Open the lab and wait until the first results are on the page."""
    page.goto(f"{base_url}voila/render/{NOTEBOOK}?lang={lang}")
    page.wait_for_selector(LAB_READY)
    page.wait_for_function(f"() => ({_SRC})('{LIVE_CHART}') !== ''")


def input_of(page, name: str):
    """The visible field of the declared input ``name`` (e.g. ``premium_month``)."""
    return page.locator(f".dwl-input-{name} input").locator("visible=true").first


def wait_value(page, name: str, value: str) -> None:
    """Wait until the kernel has put ``value`` in the field (fields update one at a time)."""
    page.wait_for_function("([el, v]) => el.value === v",
                           arg=[input_of(page, name).element_handle(), value])


def set_input(page, name: str, value: str) -> None:
    field = input_of(page, name)
    field.fill(value)
    field.press("Tab")  # the value is sent when the field loses focus


def compare_text(page) -> str:
    """The side-by-side table beside the designs (step 2), as shown."""
    return page.evaluate(_TEXT, COMPARE)


def wait_compare_text(page, text: str) -> None:
    page.wait_for_function(f"t => ({_TEXT})('{COMPARE}').includes(t)", arg=text)


def compare_row(page, label_start: str) -> list[str]:
    """The cells (one per design) of the row whose label starts with ``label_start``."""
    return page.evaluate(
        """([sel, start]) => {
          const rows = [...document.querySelectorAll(sel + ' tbody tr')];
          const row = rows.find(r => r.cells[0].innerText.trim().startsWith(start));
          return row ? [...row.cells].slice(1).map(c => c.innerText) : [];
        }""", [COMPARE, label_start])


def design_headers(page) -> list[str]:
    return page.evaluate(f"""() => [...document.querySelectorAll('{COMPARE} thead th')]
                                   .map(th => th.innerText.trim()).filter(Boolean)""")


def chart_src(page) -> str:
    return page.evaluate(_SRC, LIVE_CHART)


def wait_chart_change(page, before: str) -> None:
    page.wait_for_function(f"prev => {{ const s = ({_SRC})('{LIVE_CHART}'); return s && s !== prev; }}",
                           arg=before)


def pick_design(page, label: str) -> None:
    """Show design ``label`` (e.g. "Diseño B") in the form."""
    page.locator(".dwl-mi-picker button", has_text=label).first.click()


def click_design_button(page, css: str) -> None:
    """``dwl-mi-new``, ``dwl-mi-copy`` or ``dwl-mi-remove``."""
    page.locator(f"button.{css}").first.click()
