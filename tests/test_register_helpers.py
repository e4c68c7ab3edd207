"""Shared builders for the register tests (not a test module)."""
from __future__ import annotations

import pandas as pd

from modules.register import conform

TODAY = "2025-07-31"

GOOD = dict(
    worker_id="W001", id_type="DNI", id_number="45781236", first_name="Rosa María",
    last_name="Quispe Huamán", sex="F", birth_date="1990-04-23", hire_date="2021-03-15",
    end_date=None, position="Cocinera", regime="micro", monthly_wage=1300.0, weekly_hours=48.0,
    pension_system="ONP", afp_name=None, afp_commission=None, has_children=False,
    health="sis", payment_method="cash", payment_provider=None, account_number=None,
    digital_consent=False, consent_date=None,
)


def register(*changes: dict) -> pd.DataFrame:
    """A canonical register: one good worker per ``changes`` dict, with the changes applied."""
    rows = [{**GOOD, "worker_id": f"W{i:03d}", "id_number": f"4578{i:04d}", **change}
            for i, change in enumerate(changes, start=1)]
    frame = pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1))
    return conform(frame)


SPANISH_HEADER = ("DNI;nombres;apellidos;sexo;fecha_nacimiento;fecha_ingreso;régimen;"
                  "remuneración mensual;sistema_pensiones;salud;medio_pago")


def spanish_csv(*lines: str, header: str = SPANISH_HEADER, sep: str = ";",
                encoding: str = "utf-8") -> bytes:
    """A small Spanish-headed CSV; ``lines`` use ``;`` and are re-joined with ``sep``."""
    text = "\n".join([header, *lines]) + "\n"
    if sep != ";":
        text = text.replace(";", sep)
    return text.encode(encoding)
