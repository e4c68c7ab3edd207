"""Small helpers of the gender-equality lab: languages, charts as PNG, headings, messages.

Tables, cards and workbooks use the cash-to-digital lab's helpers
(:mod:`widgets.digitization.util`); percentages and rupiah are written by
:mod:`modules.gender.text`.
"""
from __future__ import annotations

import ipywidgets as W

from modules.i18n import N_

from ..common import esc
from ..digitization.util import cards, csv_bytes, html_table, xlsx_bytes  # noqa: F401

#: the lab's languages: Bahasa Indonesia first, then English and Spanish
INDONESIA_LANGUAGES: tuple[str, ...] = ("id", "en", "es")
#: charts are drawn at this resolution (sharp on a phone)
CHART_DPI = 110  # 4.3 in x 110 dpi = 473 px: sharp, and shown at most that wide

H_WOMEN = N_("Women")
H_MEN = N_("Men")
T_NEED_STAFF = N_("Load a staff table in step 1 first (a case study or your own file).")


def chart_image(css_class: str) -> W.Image:
    """An empty chart (PNG) as wide as the screen, at most 640 px."""
    image = W.Image(format="png", layout=W.Layout(width="100%", max_width="480px",
                                                  height="auto"))
    image.add_class("dwl-chart")
    image.add_class(css_class)
    return image


def png(fig) -> bytes:
    from modules.gender.charts import figure_png

    return figure_png(fig, dpi=CHART_DPI)


def heading(text: str, level: int = 3) -> str:
    return f"<h{level}>{esc(text)}</h{level}>"


def paragraph(text: str, css: str = "dwl-intro") -> str:
    return f'<p class="{css}">{esc(text)}</p>'


def message(text: str, kind: str = "info", css: str = "") -> str:
    """A message box like :class:`widgets.common.Feedback`'s, as HTML."""
    icon = {"error": "⚠", "warning": "⚠", "ok": "✔", "info": "ℹ"}.get(kind, "ℹ")
    return (f'<div class="dwl-msg dwl-msg-{kind} {css}" role="status">'
            f'<span aria-hidden="true">{icon}</span> {esc(text)}</div>')
