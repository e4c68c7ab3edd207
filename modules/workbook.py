"""Frames as an Excel workbook, one sheet each, as every lab's downloads and the trainer's
dashboard write them: readable column widths, the header row frozen, and text that starts
with ``=``, ``+``, ``-`` or ``@`` kept as text (never a formula)."""
from __future__ import annotations

import io

import pandas as pd


def workbook_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """``{sheet name: frame}`` (columns already translated) -> ``.xlsx`` bytes."""
    from .register.io import never_formulas

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet = str(name)[:31]
            frame.to_excel(writer, index=False, sheet_name=sheet)
            ws = writer.sheets[sheet]
            for j, header in enumerate(frame.columns, start=1):
                letter = ws.cell(row=1, column=j).column_letter
                width = max([len(str(header))] + [len(str(v)) for v in frame.iloc[:50, j - 1]])
                ws.column_dimensions[letter].width = max(8, min(60, width + 2))
            ws.freeze_panes = "A2"
            never_formulas(ws)
    return buffer.getvalue()
