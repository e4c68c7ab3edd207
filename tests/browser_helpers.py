"""Page-object helpers for driving the payroll lab in Chromium (tests and benchmarks).

They act like a participant: click visible buttons, pick from the visible dropdowns, type
into the form's fields found by their label.
"""
from __future__ import annotations

import re
from pathlib import Path

LAB_READY = ".dwl-lab"


def open_lab(page, base_url: str, lang: str = "es") -> None:
    page.goto(f"{base_url}voila/render/payroll_digital.ipynb?lang={lang}")
    page.wait_for_selector(LAB_READY)


def open_step(page, number: int) -> None:
    page.locator(".lm-TabBar-tab", has_text=f"{number}.").first.click()


def load_case_study(page, case_id: str, lang: str = "es") -> None:
    """Click the case-study button (its label is the case study's title in the page's language)."""
    from modules.casestudies import load_case_study as _load

    case = _load(case_id, lang=lang)
    page.locator("button.dwl-case", has_text=case.title).first.click()
    page.wait_for_function(
        "n => document.querySelectorAll('.dwl-register-table tbody tr:not(.dwl-problem-row)').length === n",
        arg=len(case.workers),
    )


def upload(page, path: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.locator(".dwl-upload").first.click()
    chooser.value.set_files(str(path))


def table_text(page) -> str:
    return page.locator(".dwl-register-table").inner_text()


def pick_row(page, row: int, code: str, code_label: str = "Código") -> None:
    """Select a row in the form and wait until the kernel has filled the form with it
    (its worker code shows), so that what we type next is not overwritten."""
    select = page.locator(".dwl-row-picker select")
    labels = select.locator("option").all_inner_texts()
    label = next(lab for lab in labels if re.search(rf"\b{row}:", lab.replace("\xa0", " ")))
    select.select_option(label=label)
    code_input = field_input(page, code_label)
    page.wait_for_function("([el, v]) => el.value === v", arg=[code_input.element_handle(), code])


def field_input(page, label: str):
    box = page.locator(".dwl-field", has=page.locator(".widget-html", has_text=label)).first
    return box.locator("input, select").first


def field_message(page, label: str) -> str:
    box = page.locator(".dwl-field", has=page.locator(".widget-html", has_text=label)).first
    return box.locator(".dwl-field-msg").inner_text()


def fill_field(page, label: str, value: str, before: str | None = None) -> None:
    """Type ``value`` into the field labelled ``label``. With ``before``, first wait until the
    field shows that value (the kernel fills the form's fields one message at a time)."""
    inp = field_input(page, label)
    if before is not None:
        page.wait_for_function("([el, v]) => el.value === v", arg=[inp.element_handle(), before])
    inp.fill(value)
    inp.press("Tab")
    page.wait_for_function("([el, v]) => el.value === v", arg=[inp.element_handle(), value])


def save_row(page) -> None:
    page.locator("button.dwl-save-row").click()


def select_month(page, period: str) -> None:
    """Pick the year and the month (the month list is in the lab's language: by position)."""
    year, month = period.split("-")
    page.locator(".dwl-year select").select_option(label=year)
    page.locator(".dwl-month select").select_option(index=int(month) - 1)


def compute(page) -> None:
    page.locator("button.dwl-compute").click()
    page.wait_for_selector(".dwl-totals .dwl-card")


def chart_src(page) -> str:
    return page.evaluate("() => { const i = document.querySelector('img.dwl-chart, .dwl-chart img'); return i ? i.src : ''; }")


def download(page, css_class: str, dest: Path) -> Path:
    with page.expect_download() as info:
        page.locator(f".{css_class} button, button.{css_class}").first.click()
    dl = info.value
    target = dest / dl.suggested_filename
    dl.save_as(target)
    return target
