"""Page-object helpers for driving the gender-equality lab in Chromium (tests, benchmarks).

They act like a participant: click the visible case-study button, the step tabs, the answer
buttons; type into the cost form's fields; pick the language from the dropdown. Every helper
waits until the kernel's answer is on the page (the kernel updates widgets one message at a
time), never for a fixed time.
"""
from __future__ import annotations

from pathlib import Path

NOTEBOOK = "gender_equality.ipynb"
LAB_READY = ".dwl-gender-lab"


def norm(text: str) -> str:
    """Text as a participant reads it: no-break spaces as spaces, single spaces."""
    return " ".join(text.replace("\xa0", " ").replace("\u202f", " ").split())


def open_lab(page, base_url: str, lang: str = "id") -> None:
    page.goto(f"{base_url}voila/render/{NOTEBOOK}?lang={lang}")
    page.wait_for_selector(LAB_READY)


def open_step(page, number: int) -> None:
    page.locator(f"{LAB_READY} .lm-TabBar-tab", has_text=f"{number}.").first.click()


def load_case(page, case_id: str) -> None:
    """Click the example enterprise's button and wait until its whole staff table shows."""
    from modules.gender import load_staff_case

    n = len(load_staff_case(case_id))
    page.locator(f"button.dwl-case-{case_id}").click()
    page.wait_for_function(
        "n => document.querySelectorAll('.dwl-staff-table tbody tr:not(.dwl-problem-row)')"
        ".length === n", arg=n)


def text_of(page, selector: str) -> str:
    return norm(page.locator(selector).first.inner_text())


def wait_text(page, selector: str, expected: str) -> None:
    """Wait until the element's text (normalised) contains ``expected``."""
    page.wait_for_function(
        """([sel, want]) => { const el = document.querySelector(sel);
             if (!el) return false;
             const txt = el.innerText.replace(/[\\u00a0\\u202f]/g, ' ').replace(/\\s+/g, ' ');
             return txt.includes(want); }""", arg=[selector, norm(expected)])


def gap_value(page, code: str) -> str:
    """The big figure on a gap's card ("5,7 %")."""
    return text_of(page, f".dwl-gap-{code} .v")


def answer(page, code: str, value: int) -> None:
    """Tap the answer ``value`` (0-3) of a self-assessment question and wait until the kernel
    has taken it (the button shows as chosen)."""
    buttons = page.locator(f".dwl-answer-{code} button")
    buttons.nth(value).click()
    page.wait_for_function(
        "([code, v]) => { const b = document.querySelectorAll("
        "'.dwl-answer-' + code + ' button')[v]; return b && b.classList.contains('mod-active'); }",
        arg=[code, value])


def card_value(page, container: str, label: str) -> str:
    """The value of the card labelled ``label`` inside ``container``."""
    card = page.locator(f"{container} .dwl-card", has=page.locator(".k", has_text=label)).first
    return norm(card.locator(".v").inner_text())


def set_input(page, name: str, value: str) -> None:
    """Type into a field of a form generated from declared inputs (``.dwl-input-<name>``)."""
    field = page.locator(f".dwl-input-{name} input").first
    field.fill(value)
    field.press("Tab")
    page.wait_for_function("([el, v]) => el.value === v", arg=[field.element_handle(), value])


def switch_language(page, lang: str) -> None:
    """Pick the language by its name, as shown in the dropdown ("Español")."""
    from modules.i18n import language_names

    page.locator(f"{LAB_READY} .dwl-lang select").select_option(label=language_names()[lang])


def download(page, css_class: str, dest: Path) -> Path:
    with page.expect_download() as info:
        page.locator(f".{css_class} button, button.{css_class}").first.click()
    dl = info.value
    target = dest / dl.suggested_filename
    dl.save_as(target)
    return target


def outside_requests(requests: list[str]) -> list[str]:
    return [u for u in requests
            if not u.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))]
