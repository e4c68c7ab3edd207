"""A4 documents the labs hand out (the transition plan, the gender action plan): fpdf2's
core Helvetica with text made latin-1 safe (``modules.payslips.text.pdf_text``), a footer on
every page, and two writing helpers. fpdf2 is imported only when a document is made."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd

MARGIN, WIDTH = 15.0, 180.0


@dataclass
class Document:
    """``pdf`` (the fpdf2 FPDF), ``line(text, style, size, h, color)`` writes a paragraph,
    ``section(title)`` a grey heading bar; ``width`` is the text width in mm."""

    pdf: Any
    line: Callable[..., None]
    section: Callable[[str], None]
    width: float = WIDTH


def a4_document(title: str, lang: str, footer: Callable[[int], str], today=None) -> Document:
    """A new A4 document titled ``title`` (metadata), in ``lang`` (``es`` -> ``es-PE``),
    ``footer(page number)`` centred at the bottom of every page, dated ``today``."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    from modules.payslips.text import pdf_text

    class _Document(FPDF):
        def footer(self):
            self.set_y(-13)
            self.set_font("Helvetica", "I", 7.5)
            self.set_text_color(110, 110, 110)
            self.cell(0, 6, pdf_text(footer(self.page_no())), align="C")

    pdf = _Document(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(pdf_text(title))
    pdf.set_creator("Decent Work Lab")
    pdf.set_lang({"es": "es-PE"}.get(lang, lang))
    stamp = pd.Timestamp(today) if today is not None else pd.Timestamp.now()
    pdf.set_creation_date(stamp.to_pydatetime().astimezone())
    pdf.add_page()

    def line(text, style="", size=9.5, h=5.0, color=(40, 40, 40)):
        pdf.set_font("Helvetica", style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(WIDTH, h, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def section(heading):
        pdf.ln(2.5)
        pdf.set_fill_color(235, 235, 235)
        pdf.set_font("Helvetica", "B", 9.5)
        pdf.set_text_color(40, 40, 40)
        pdf.cell(WIDTH, 6.5, pdf_text(heading.upper()), fill=True, new_x=XPos.LMARGIN,
                 new_y=YPos.NEXT)
        pdf.ln(1.5)

    return Document(pdf, line, section)
