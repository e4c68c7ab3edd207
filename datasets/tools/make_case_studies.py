"""Regenerate the synthetic case-study registers in ``datasets/`` (deterministic).

    python datasets/tools/make_case_studies.py

Everything here is invented: names are common Peruvian names drawn at random, document
numbers, RUCs and account numbers are random digits (RUC with a valid check digit so that
forms accept it). The bakery's two data problems are deliberate (see manifest.yaml).
"""
from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

HEADERS = ["codigo", "tipo_documento", "numero_documento", "nombres", "apellidos", "sexo",
           "fecha_nacimiento", "fecha_ingreso", "fecha_cese", "cargo", "regimen",
           "remuneracion", "horas_semanales", "sistema_pensiones", "afp", "comision_afp",
           "asignacion_familiar", "salud", "medio_pago", "proveedor", "cuenta",
           "consentimiento", "fecha_consentimiento"]


def ruc_check_digit(first10: str) -> str:
    weights = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    r = 11 - sum(int(d) * w for d, w in zip(first10, weights)) % 11
    return str({10: 0, 11: 1}.get(r, r))


def ruc(first10: str) -> str:
    return first10 + ruc_check_digit(first10)


def d(text: str | None) -> str:
    """ISO -> dd/mm/yyyy as Peruvian spreadsheets write dates."""
    if not text:
        return ""
    y, m, dd = text.split("-")
    return f"{dd}/{m}/{y}"


class Ids:
    def __init__(self, rng: random.Random):
        self.rng, self.seen = rng, set()

    def dni(self) -> str:
        while True:
            first = self.rng.choice("0124447777")
            value = first + "".join(self.rng.choice("0123456789") for _ in range(7))
            if value not in self.seen:
                self.seen.add(value)
                return value

    def digits(self, prefix: str, n: int) -> str:
        return prefix + "".join(self.rng.choice("0123456789") for _ in range(n - len(prefix)))

    def phone(self) -> str:
        return self.digits("9", 9)


def row(code, dni, first, last, sex, birth, hire, position, regime, wage, pension="ONP",
        afp="", commission="", children=False, health="essalud", method="efectivo",
        provider="", account="", consent=False, consent_date="", end="", hours=48,
        id_type="DNI"):
    return [code, id_type, dni, first, last, sex, d(birth), d(hire), d(end), position, regime,
            f"{wage:.2f}", str(hours), pension, afp, commission, "sí" if children else "no",
            health, method, provider, account, "sí" if consent else "no", d(consent_date)]


def write(name: str, rows: list[list[str]]):
    with (HERE / name).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADERS)
        writer.writerows(rows)


def bakery(rng):
    ids = Ids(rng)
    reg = "microempresa"
    return [
        row("P01", ids.dni(), "Juan Carlos", "Huamán Quispe", "M", "1982-06-14", "2016-03-01",
            "Maestro panadero", reg, 1500, "ONP", children=True, health="essalud"),
        row("P02", ids.dni(), "Wilber", "Condori Mamani", "M", "1998-10-02", "2022-08-15",
            "Ayudante de panadería", reg, 1130, "AFP", "Habitat", "flujo", health="sis"),
        row("P03", ids.dni(), "Yeni", "Puma Ccahuana", "F", "2001-01-23", "2023-02-01",
            "Ayudante de panadería", reg, 1130, "ONP", health="sis", method="billetera digital",
            provider="Yape", account=ids.phone(), consent=True, consent_date="2025-02-10"),
        # deliberate problem 1: paid by Yape, but no consent recorded
        row("P04", ids.dni(), "Rosa Elena", "Quispe Huillca", "F", "1990-05-18", "2019-05-10",
            "Pastelera", reg, 1350, "AFP", "Integra", "mixta", children=True, health="essalud",
            method="yape", provider="Yape", account=ids.phone(), consent=False),
        row("P05", ids.dni(), "Maritza", "Choque Apaza", "F", "1995-12-07", "2021-11-02",
            "Vendedora", reg, 1130, "ONP", health="sis"),
        row("P06", ids.dni(), "Lucía", "Ttito Sullca", "F", "2003-04-29", "2024-09-01",
            "Vendedora (medio tiempo)", reg, 565, "ONP", health="sis", hours=24),
        # deliberate problem 2: AFP member without the commission type
        row("P07", ids.dni(), "Edwin", "Mamani Huarhua", "M", "1997-08-11", "2024-01-15",
            "Repartidor", reg, 1130, "AFP", "Prima", "", health="sis",
            method="billetera digital", provider="Yape", account=ids.phone(), consent=True,
            consent_date="2024-01-20"),
        row("P08", ids.dni(), "Nélida", "Huamán Ccori", "F", "1978-02-19", "2018-07-01",
            "Ayudante de limpieza y despacho", reg, 1130, "ONP", health="essalud"),
    ]


FEMALE = ["María", "Rosa", "Ana", "Carmen", "Luz", "Yolanda", "Gladys", "Maribel", "Elizabeth",
          "Flor", "Milagros", "Karina", "Jessica", "Roxana", "Vilma", "Sonia", "Delia",
          "Nancy", "Lourdes", "Marleny", "Yesenia", "Kelly", "Sheyla", "Fiorella", "Diana"]
MALE = ["José", "Luis", "Carlos", "Jorge", "Juan", "Miguel", "César", "Víctor", "Wilmer",
        "Segundo", "Edwin", "Percy", "Richard", "Jhon", "Héctor", "Walter", "Fredy", "Elmer",
        "Óscar", "Pedro", "Raúl", "Alex", "Julio", "Manuel", "Henry"]
SURNAMES_SOUTH = ["Quispe", "Mamani", "Huamán", "Condori", "Ccahuana", "Apaza", "Choque",
                  "Huillca", "Sullca", "Puma", "Cusi", "Yupanqui", "Ttito", "Chalco", "Farfán",
                  "Zúñiga", "Paucar", "Cjuno", "Huaraca", "Álvarez", "Letona", "Villena"]
SURNAMES_NORTH = ["Rodríguez", "Castillo", "Vásquez", "Cruz", "Sánchez", "Gutiérrez",
                  "Reyes", "Alvarado", "Chávez", "Ruiz", "Mendoza", "Zavaleta", "Polo",
                  "Obeso", "Paredes", "Lozano", "Vega", "Florián", "Carranza", "Ávila",
                  "Rojas", "León", "Lescano", "Chuquipoma", "Valderrama", "Tello"]


def person(rng, sex, surnames):
    names = FEMALE if sex == "F" else MALE
    first = rng.choice(names)
    if rng.random() < 0.35:
        first += " " + rng.choice([n for n in names if n != first])
    return first, f"{rng.choice(surnames)} {rng.choice(surnames)}"


def rand_date(rng, start: str, end: str) -> str:
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    return (a + timedelta(days=rng.randrange((b - a).days + 1))).isoformat()


def adult_from(birth: str, years: int = 18) -> str:
    b = date.fromisoformat(birth)
    return date(b.year + years, b.month, min(b.day, 28)).isoformat()


def pension(rng, p_afp=0.6):
    if rng.random() >= p_afp:
        return "ONP", "", ""
    return ("AFP", rng.choice(["Habitat", "Integra", "Prima", "Profuturo"]),
            rng.choice(["flujo", "mixta", "mixta"]))


def hotel(rng):
    ids = Ids(rng)
    reg = "pequeña empresa"
    staff = [  # position, sex, wage, seasonal
        ("Gerente de operaciones", "F", 4200, False),
        ("Jefe de recepción", "M", 2600, False),
        ("Recepcionista bilingüe", "F", 1700, False),
        ("Recepcionista bilingüe", "M", 1650, False),
        ("Recepcionista de noche", "M", 1500, False),
        ("Recepcionista bilingüe (temporada)", "F", 1600, True),
        ("Botones", "M", 1200, False),
        ("Botones (temporada)", "M", 1130, True),
        ("Ama de llaves", "F", 1800, False),
        ("Camarera de piso", "F", 1250, False),
        ("Camarera de piso", "F", 1200, False),
        ("Camarera de piso", "F", 1150, False),
        ("Camarera de piso (temporada)", "F", 1150, True),
        ("Camarera de piso (temporada)", "F", 1150, True),
        ("Jefe de cocina", "M", 2800, False),
        ("Cocinero", "M", 1600, False),
        ("Ayudante de cocina", "F", 1200, False),
        ("Ayudante de cocina (temporada)", "M", 1130, True),
        ("Mozo", "M", 1150, False),
        ("Moza", "F", 1150, False),
        ("Mozo (temporada)", "M", 1130, True),
        ("Técnico de mantenimiento", "M", 1400, False),
        ("Lavandera", "F", 1130, False),
        ("Coordinadora de tours (temporada)", "F", 1800, True),
        ("Asistente administrativa", "F", 1900, False),
    ]
    rows = []
    for i, (position, sex, wage, seasonal) in enumerate(staff, start=1):
        first, last = person(rng, sex, SURNAMES_SOUTH)
        if seasonal:
            hire = rand_date(rng, "2025-05-02", "2025-06-16")
            end = rng.choice(["2025-09-30", "2025-10-15", "2025-10-31"])
            birth = rand_date(rng, "1996-01-01", "2005-06-30")
        else:
            birth = rand_date(rng, "1975-01-01", "2000-12-31")
            hire = rand_date(rng, max("2014-03-01", adult_from(birth, 20)), "2024-11-30")
            end = ""
        system, afp, commission = pension(rng, 0.55)
        children = (not seasonal) and rng.random() < 0.45
        choice = rng.random()
        if choice < 0.55:
            method = "banco"
            provider = rng.choice(["BCP", "BCP", "Interbank", "Caja Cusco"])
            account = ids.digits({"BCP": "285", "Interbank": "740", "Caja Cusco": "106"}[provider],
                                 {"BCP": 14, "Interbank": 13, "Caja Cusco": 18}[provider])
        else:
            method = "billetera digital"
            provider = rng.choice(["Yape", "Yape", "Plin"])
            account = ids.phone()
        consent_date = max(hire, "2025-02-03") if not seasonal else hire
        consent_date = (date.fromisoformat(consent_date) + timedelta(days=rng.randrange(1, 9))
                        ).isoformat()
        rows.append(row(f"H{i:02d}", ids.dni(), first, last, sex, birth, hire, position, reg,
                        wage, system, afp, commission, children, "essalud", method, provider,
                        account, True, consent_date, end=end))
    return rows


def agro(rng):
    ids = Ids(rng)
    reg = "pequeña empresa"
    staff = (
        [("Ingeniero agrónomo", "M", 7500)]
        + [("Jefa de packing", "F", 4500)]
        + [("Supervisor de campo", "M", 3800), ("Supervisora de campo", "F", 3500)]
        + [("Asistente administrativa", "F", 2000), ("Almacenero", "M", 1600),
           ("Vigilante", "M", 1300)]
        + [("Tractorista", "M", 1500)] * 3
        + [("Obrera de campo", "F", 0)] * 26
        + [("Obrero de campo", "M", 0)] * 24
    )
    rows = []
    for i, (position, sex, wage) in enumerate(staff, start=1):
        first, last = person(rng, sex, SURNAMES_NORTH)
        if wage == 0:  # field workers: at or slightly above the RMV
            wage = rng.choice([1130, 1130, 1130, 1150, 1180, 1200])
        senior = wage >= 2000
        birth = rand_date(rng, "1970-01-01", "1993-12-31" if senior else "2006-05-31")
        hire = rand_date(rng, max("2015-01-05", adult_from(birth, 24 if senior else 18)),
                         "2025-06-30")
        system, afp, commission = pension(rng, 0.6)
        children = rng.random() < 0.5
        health = "eps" if position in ("Ingeniero agrónomo", "Jefa de packing") else "essalud"
        provider = rng.choice(["Caja Trujillo"] * 4 + ["BCP"] * 3 + ["Interbank"] * 2)
        account = ids.digits({"Caja Trujillo": "0011", "BCP": "570", "Interbank": "760"}[provider],
                             {"Caja Trujillo": 18, "BCP": 14, "Interbank": 13}[provider])
        consent_date = (date.fromisoformat(max(hire, "2025-01-06"))
                        + timedelta(days=rng.randrange(1, 15))).isoformat()
        rows.append(row(f"A{i:03d}", ids.dni(), first, last, sex, birth, hire, position, reg,
                        wage, system, afp, commission, children, health, "banco", provider,
                        account, True, consent_date))
    return rows


def main():
    write("pe_cusco_bakery.csv", bakery(random.Random(20251)))
    write("pe_cusco_hotel.csv", hotel(random.Random(20252)))
    write("pe_lalibertad_agroexport.csv", agro(random.Random(20253)))
    for first10 in ("2060917345", "2060482215", "2048003571"):
        print(ruc(first10))


if __name__ == "__main__":
    main()
