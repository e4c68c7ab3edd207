"""Small helpers of the cash-to-digital lab: HTML tables, cards, XLSX/CSV of frames."""
from __future__ import annotations

from typing import Iterable, Sequence

import pandas as pd

from ..common import esc


def html_table(headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Iterable[int] = (),
               css: str = "", row_classes: Sequence[str] | None = None) -> str:
    """A ``dwl-table`` from already translated headers and formatted (unescaped) cells."""
    numeric = set(numeric)
    head = "".join(f'<th class="{"num" if j in numeric else ""}">{esc(h)}</th>'
                   for j, h in enumerate(headers))
    body = []
    for i, row in enumerate(rows):
        cls = row_classes[i] if row_classes else ""
        cells = "".join(f'<td class="{"num" if j in numeric else ""}">{esc(v)}</td>'
                        for j, v in enumerate(row))
        body.append(f'<tr class="{cls}">{cells}</tr>')
    return (f'<table class="dwl-table {css}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def cards(items: Sequence[tuple[str, str]], css: str = "") -> str:
    """Key figures as cards: ``[(label, value), ...]`` (already translated and formatted)."""
    inner = "".join(f'<div class="dwl-card"><div class="k">{esc(k)}</div>'
                    f'<div class="v">{esc(v)}</div></div>' for k, v in items)
    return f'<div class="dwl-cards {css}">{inner}</div>'


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """Frames (columns already translated) as an Excel workbook, one sheet each; text is
    never turned into a formula (:func:`modules.workbook.workbook_bytes`)."""
    from modules.workbook import workbook_bytes

    return workbook_bytes(sheets)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A frame as CSV (UTF-8 with BOM, so that Excel shows accents); cells starting with
    ``=``, ``+``, ``-`` or ``@`` that are text get a leading apostrophe (no formulas)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            s = out[col].astype("str")
            out[col] = s.where(~s.str.match(r"^[=+\-@]"), "'" + s)
    return out.to_csv(index=False).encode("utf-8-sig")
