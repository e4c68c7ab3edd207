"""All pay slips of a payroll in one ZIP file (one PDF per worker, nothing else)."""
from __future__ import annotations

import io
import re
import zipfile

import pandas as pd

from modules.i18n import translator

from .text import clean, period_and_pay_day

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def slip_filename(period: str, worker_id, fallback: str = "worker") -> str:
    """``boleta_2025-07_W001.pdf``; characters other than letters, digits, ``-`` and ``_``
    become ``_`` so a worker code can never name a folder or another file."""
    safe = _UNSAFE.sub("_", clean(worker_id)).strip("_") or fallback
    return f"boleta_{period}_{safe[:60]}.pdf"


def _pairs(workers: pd.DataFrame, payroll: pd.DataFrame, t):
    """(worker row, payroll row) for every worker: joined on the index when both frames share
    it (the contract: ``compute_payroll`` keeps the register's index), else on worker_id."""
    if workers.index.equals(payroll.index):
        return [(workers.loc[i], payroll.loc[i]) for i in workers.index]
    if "worker_id" not in payroll.columns or "worker_id" not in workers.columns:
        raise ValueError(t("The payroll does not match the register: compute it again."))
    by_id = payroll.drop_duplicates("worker_id").set_index("worker_id", drop=False)
    missing = [w for w in workers["worker_id"] if w not in by_id.index]
    if missing:
        raise ValueError(t("No payroll row for workers {codes}: compute the payroll again.",
                           codes=", ".join(map(str, missing[:10]))))
    return [(workers.loc[i], by_id.loc[workers.at[i, "worker_id"]]) for i in workers.index]


def payslips_zip(employer: dict, workers: pd.DataFrame, payroll: pd.DataFrame, period: str,
                 lang=None, payment_date=None) -> bytes:
    """One PDF pay slip per worker, ``boleta_{period}_{worker_id}.pdf``, in a deflated ZIP.

    The ZIP entries carry a fixed timestamp (the payment date), so equal inputs give
    identical bytes.
    """
    from .pdf import payslip_pdf  # fpdf2 is imported on first use

    t = translator(lang)
    period, pay_day = period_and_pay_day(period, payment_date, t)
    stamp = (max(pay_day.year, 1980), pay_day.month, pay_day.day, 12, 0, 0)
    buf = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        # Rendering a document per worker is inherently one call per row; no figures are
        # computed here (they all come from the payroll frame).
        for row_number, (worker, pay) in enumerate(_pairs(workers, payroll, t), start=1):
            name = slip_filename(period, worker.get("worker_id"), fallback=f"row{row_number}")
            stem, n = name[:-4], 2
            while name in used:
                name, n = f"{stem}_{n}.pdf", n + 1
            used.add(name)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, payslip_pdf(employer, worker, pay, period, lang=lang,
                                          payment_date=pay_day))
    return buf.getvalue()
