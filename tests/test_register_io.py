"""Reading registers (encodings, delimiters, formats, Spanish headers and values, Excel),
unreadable files, exports, round-trips and masking."""
from __future__ import annotations

import io
import logging
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from modules.casestudies import DATASETS_DIR, load_case_study
from modules.register import (COLUMN_NAMES, COLUMNS, RegisterError, conform, empty_register,
                              load_register, mask_account, mask_id, to_csv_bytes, to_xlsx_bytes)
from tests.test_register_helpers import GOOD, SPANISH_HEADER, TODAY, register, spanish_csv

ROW = "45781236;Rosa María;Quispe Huamán;F;23/04/1990;15/03/2021;micro;1300;ONP;sis;efectivo"


def load(data, lang="es"):
    return load_register(data, lang=lang, today=TODAY)


# --- encodings, delimiters, dates, numbers ---------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16"])
@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_encodings_and_delimiters(encoding, sep):
    data = spanish_csv(ROW, sep=sep, encoding=encoding)
    workers, problems = load(data)
    assert problems.empty, problems.to_string()
    row = workers.loc[1]
    assert (row["first_name"], row["last_name"]) == ("Rosa María", "Quispe Huamán")
    assert row["monthly_wage"] == 1300.0
    assert row["hire_date"] == pd.Timestamp("2021-03-15")


def test_cp1252_specific_characters_are_decoded():
    data = spanish_csv(ROW.replace("Cocinera", "x").replace("Rosa María", "Rosa “Rosita”"),
                       encoding="cp1252")
    workers, _ = load(data)
    assert workers.loc[1, "first_name"] == "Rosa “Rosita”"


@pytest.mark.parametrize("text, expected", [
    ("23/04/1990", "1990-04-23"), ("1990-04-23", "1990-04-23"), ("23-04-1990", "1990-04-23"),
    ("23.04.1990", "1990-04-23"), ("3/4/1990", "1990-04-03"), ("1990-04-23 00:00:00", "1990-04-23"),
])
def test_date_formats(text, expected):
    workers, problems = load(spanish_csv(ROW.replace("23/04/1990", text)))
    assert problems.empty
    assert workers.loc[1, "birth_date"] == pd.Timestamp(expected)


@pytest.mark.parametrize("text, expected", [
    ("1.130,50", 1130.5), ("1130,50", 1130.5), ("1130.50", 1130.5), ("1.250", 1250.0),
    ("S/ 1.300,00", 1300.0), ("S/. 1300", 1300.0), ("1 300,00", 1300.0),
])
def test_decimal_comma_in_semicolon_files(text, expected):
    workers, problems = load(spanish_csv(ROW.replace(";1300;", f";{text};")))
    assert problems.empty, problems.to_string()
    assert workers.loc[1, "monthly_wage"] == expected


@pytest.mark.parametrize("text, expected", [('"1,130.50"', 1130.5), ('"1,300"', 1300.0),
                                            ("1300.75", 1300.75), ('"S/ 1,300.00"', 1300.0)])
def test_thousands_comma_in_comma_files(text, expected):
    line = ROW.replace(";1300;", f";{text};").replace(";", ",")
    workers, problems = load(spanish_csv(line, sep=","))
    assert problems.empty, problems.to_string()
    assert workers.loc[1, "monthly_wage"] == expected


def test_leading_zeros_of_a_dni_are_kept():
    workers, problems = load(spanish_csv(ROW.replace("45781236", "04578123")))
    assert problems.empty
    assert workers.loc[1, "id_number"] == "04578123"


# --- headers and values in Spanish -----------------------------------------------------------

@pytest.mark.parametrize("header", [
    "DNI", "dni", "numero_documento", "Número de documento", "NUMERO DE DOCUMENTO",
    " nro_documento ", "Document number"])
def test_document_number_header_variants(header):
    data = spanish_csv(ROW, header="Nombres;Apellidos;Sexo;Fecha de nacimiento;Fecha_Ingreso;"
                       "Régimen;Remuneración Mensual;Sistema de pensiones;Salud;Medio de pago;"
                       + header)
    line = "Rosa;Quispe;F;23/04/1990;15/03/2021;micro;1300;ONP;sis;efectivo;45781236"
    workers, problems = load(spanish_csv(line, header=data.decode().splitlines()[0]))
    assert problems.empty
    assert workers.loc[1, "id_number"] == "45781236"


@pytest.mark.parametrize("header, field", [
    ("fecha de nacimiento", "birth_date"), ("FECHA_NACIMIENTO", "birth_date"),
    ("fecha_ingreso", "hire_date"), ("fecha_cese", "end_date"), ("cargo", "position"),
    ("regimen", "regime"), ("régimen", "regime"), ("remuneracion", "monthly_wage"),
    ("sueldo", "monthly_wage"), ("remuneración mensual", "monthly_wage"),
    ("horas_semanales", "weekly_hours"), ("sistema_pensiones", "pension_system"),
    ("afp", "afp_name"), ("comision_afp", "afp_commission"), ("hijos", "has_children"),
    ("asignacion_familiar", "has_children"), ("salud", "health"), ("medio_pago", "payment_method"),
    ("proveedor", "payment_provider"), ("cuenta", "account_number"),
    ("consentimiento", "digital_consent"), ("fecha_consentimiento", "consent_date"),
    ("nombres", "first_name"), ("apellidos", "last_name"), ("sexo", "sex"),
])
def test_spanish_header_aliases(header, field):
    from modules.register.io import _header_index
    from modules.register.schema import key
    assert _header_index()[key(header)] == field


@pytest.mark.parametrize("field, header, text, expected", [
    ("sex", "sexo", "mujer", "F"), ("sex", "sexo", "Femenino", "F"), ("sex", "sexo", "f", "F"),
    ("sex", "sexo", "hombre", "M"), ("sex", "sexo", "MASCULINO", "M"), ("sex", "sexo", "M", "M"),
    ("regime", "régimen", "MYPE micro", "micro"), ("regime", "régimen", "Microempresa", "micro"),
    ("regime", "régimen", "Pequeña empresa", "small"),
    ("regime", "régimen", "Régimen General", "general"),
    ("payment_method", "medio_pago", "Efectivo", "cash"),
    ("payment_method", "medio_pago", "billetera digital", "ewallet"),
    ("payment_method", "medio_pago", "Yape", "ewallet"),
    ("payment_method", "medio_pago", "banco", "bank"),
    ("health", "salud", "EsSalud", "essalud"), ("health", "salud", "SIS", "sis"),
])
def test_spanish_values(field, header, text, expected):
    cols = SPANISH_COLUMNS()
    cols[header] = text
    workers, _ = load(csv_from(cols))
    assert workers.loc[1, field] == expected


def SPANISH_COLUMNS():
    return {"DNI": "45781236", "nombres": "Rosa", "apellidos": "Quispe", "sexo": "F",
            "fecha_nacimiento": "23/04/1990", "fecha_ingreso": "15/03/2021", "régimen": "micro",
            "remuneración mensual": "1300", "sistema_pensiones": "ONP", "salud": "sis",
            "medio_pago": "efectivo"}


def csv_from(columns: dict, sep=";") -> bytes:
    return (sep.join(columns) + "\n" + sep.join(columns.values()) + "\n").encode("utf-8")


@pytest.mark.parametrize("text, expected", [("flujo", "flow"), ("Saldo", "balance"),
                                            ("mixta", "balance"), ("Comisión mixta", "balance")])
def test_afp_commission_values(text, expected):
    cols = {**SPANISH_COLUMNS(), "sistema_pensiones": "AFP", "afp": "AFP Integra",
            "comision_afp": text}
    workers, problems = load(csv_from(cols))
    assert problems.empty
    assert workers.loc[1, "afp_commission"] == expected
    assert workers.loc[1, "afp_name"] == "Integra"


@pytest.mark.parametrize("text", ["Sí", "si", "SI", "yes", "true", "1", "x", "X", "2"])
def test_true_values(text):
    workers, _ = load(csv_from({**SPANISH_COLUMNS(), "hijos": text}))
    assert workers.loc[1, "has_children"] is np.True_ or workers.loc[1, "has_children"] == True  # noqa: E712


@pytest.mark.parametrize("text", ["No", "no", "false", "0", ""])
def test_false_values(text):
    workers, problems = load(csv_from({**SPANISH_COLUMNS(), "hijos": text}))
    assert problems.empty
    assert not workers.loc[1, "has_children"]


@pytest.mark.parametrize("text, provider", [("Yape", "Yape"), ("plin", "Plin")])
def test_ewallet_named_in_the_method_keeps_the_provider(text, provider):
    cols = {**SPANISH_COLUMNS(), "medio_pago": text, "cuenta": "987654321",
            "consentimiento": "sí", "fecha_consentimiento": "03/02/2025"}
    workers, problems = load(csv_from(cols))
    assert problems.empty, problems.to_string()
    assert (workers.loc[1, "payment_method"], workers.loc[1, "payment_provider"]) == (
        "ewallet", provider)


def test_pension_column_naming_the_afp_fills_the_afp_name():
    cols = {**SPANISH_COLUMNS(), "sistema_pensiones": "AFP Prima", "comision_afp": "flujo"}
    workers, problems = load(csv_from(cols))
    assert problems.empty
    assert (workers.loc[1, "pension_system"], workers.loc[1, "afp_name"]) == ("AFP", "Prima")


def test_optional_columns_take_their_defaults():
    workers, problems = load(csv_from(SPANISH_COLUMNS()))
    row = workers.loc[1]
    assert (row["worker_id"], row["id_type"], row["weekly_hours"]) == ("W001", "DNI", 48.0)
    assert not row["has_children"] and not row["digital_consent"]
    assert pd.isna(row["end_date"]) and pd.isna(row["account_number"])
    assert list(workers.columns) == list(COLUMN_NAMES)
    pd.testing.assert_series_equal(workers.dtypes, empty_register().dtypes)


# --- row-level reading problems ----------------------------------------------------------------

def test_unreadable_date_is_reported_with_the_raw_text_and_nothing_else_is_lost():
    workers, problems = load(spanish_csv(ROW, ROW.replace("15/03/2021", "31/02/2021")
                                         .replace("45781236", "45781237")))
    assert list(zip(problems["row"], problems["field"], problems["severity"])) == [
        (2, "hire_date", "error")]
    assert problems["message"].iloc[0] == (
        "No se puede leer la fecha «31/02/2021». Escríbala como día/mes/año, p. ej. 15/03/2021.")
    assert pd.isna(workers.loc[2, "hire_date"])
    assert workers.loc[2, "first_name"] == "Rosa María"
    assert workers.loc[2, "monthly_wage"] == 1300.0


def test_unreadable_number_is_reported_with_the_raw_text():
    workers, problems = load(spanish_csv(ROW.replace(";1300;", ";mil trescientos;")))
    assert list(zip(problems["row"], problems["field"])) == [(1, "monthly_wage")]
    assert problems["message"].iloc[0] == (
        "No se puede leer el número «mil trescientos». Escriba solo el monto, p. ej. 1130.50.")
    assert np.isnan(workers.loc[1, "monthly_wage"])
    assert workers.loc[1, "birth_date"] == pd.Timestamp("1990-04-23")


def test_unreadable_yes_no_is_reported():
    workers, problems = load(csv_from({**SPANISH_COLUMNS(), "hijos": "quizás"}))
    assert list(zip(problems["row"], problems["field"])) == [(1, "has_children")]
    assert problems["message"].iloc[0] == 'No se puede leer «quizás» como sí o no. Escriba «sí» o «no».'


@pytest.mark.parametrize("header, text, field, column", [
    ("régimen", "corporativo", "regime", "Régimen laboral"),
    ("salud", "particular", "health", "Seguro de salud"),
    ("medio_pago", "cheque", "payment_method", "Medio de pago"),
    ("afp", "AFP Horizonte", "afp_name", "AFP"),
])
def test_unknown_values_are_reported_once_and_left_empty(header, text, field, column):
    cols = {**SPANISH_COLUMNS(), header: text}
    if field == "afp_name":
        cols.update({"sistema_pensiones": "AFP", "comision_afp": "flujo"})
    workers, problems = load(csv_from(cols))
    flagged = problems[problems["field"] == field]
    assert list(flagged["row"]) == [1] and list(flagged["severity"]) == ["error"]
    assert flagged["message"].iloc[0].startswith(f"«{text}» no es un valor válido para «{column}»")
    assert pd.isna(workers.loc[1, field])


def test_missing_value_in_a_required_column():
    workers, problems = load(spanish_csv(ROW.replace("Rosa María", "")))
    assert list(zip(problems["row"], problems["field"])) == [(1, "first_name")]
    assert problems["message"].iloc[0] == "Falta el dato «Nombres»."


def test_blank_lines_and_title_rows_are_skipped():
    text = ("Planilla de trabajadores - Panadería;;;\n\n" + SPANISH_HEADER + "\n" + ROW + "\n;;;\n"
            + ROW.replace("45781236", "45781237") + "\n")
    workers, problems = load(text.encode("utf-8"))
    assert problems.empty
    assert list(workers.index) == [1, 2]
    assert list(workers["id_number"]) == ["45781236", "45781237"]


# --- Excel -------------------------------------------------------------------------------------

def workbook_bytes(rows, title=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


XLSX_HEADER = ["DNI", "Nombres", "Apellidos", "Sexo", "Fecha de nacimiento", "Fecha de ingreso",
               "Régimen", "Sueldo", "Sistema de pensiones", "Salud", "Medio de pago",
               "Asignación familiar"]


def test_xlsx_with_native_dates_numbers_and_a_title_row(tmp_path):
    data = workbook_bytes([
        XLSX_HEADER,
        [4578123, "Rosa", "Quispe", "F", date(1990, 4, 23), date(2021, 3, 15), "Microempresa",
         1300.5, "ONP", "SIS", "Efectivo", True],
        ["45781237", "José", "Mamani", "M", "02/11/1996", "01/08/2023", "micro", "1130",
         "ONP", "EsSalud", "efectivo", "no"],
    ], title="Planilla - Panadería Qosqo Tanta")
    path = tmp_path / "planilla.xlsx"
    path.write_bytes(data)
    for source in (data, path, str(path), io.BytesIO(data)):
        workers, problems = load(source)
        assert problems.empty, problems.to_string()
        # Excel dropped the leading zero of a numeric DNI: it is padded back to 8 digits
        assert list(workers["id_number"]) == ["04578123", "45781237"]
        assert workers.loc[1, "birth_date"] == pd.Timestamp("1990-04-23")
        assert workers.loc[2, "hire_date"] == pd.Timestamp("2023-08-01")
        assert list(workers["monthly_wage"]) == [1300.5, 1130.0]
        assert list(workers["has_children"]) == [True, False]


def test_xlsx_text_that_looks_like_missing_is_kept():
    """A surname "Na" or "NaN" is a name, not a missing value."""
    data = workbook_bytes([XLSX_HEADER, ["45781236", "NA", "nan", "F", date(1990, 4, 23),
                                         date(2021, 3, 15), "micro", 1300, "ONP", "SIS",
                                         "efectivo", "no"]])
    workers, problems = load(data)
    assert problems.empty
    assert (workers.loc[1, "first_name"], workers.loc[1, "last_name"]) == ("NA", "nan")


def test_xlsx_problems_are_reported_like_csv():
    data = workbook_bytes([XLSX_HEADER, ["4578123", "Rosa", "Quispe", "F", date(1990, 4, 23),
                                         date(2021, 3, 15), "micro", 900, "ONP", "SIS",
                                         "efectivo", "no"]])
    _, problems = load(data)
    assert list(zip(problems["row"], problems["field"])) == [(1, "id_number"), (1, "monthly_wage")]


# --- files that cannot be read -------------------------------------------------------------------

@pytest.mark.parametrize("data, fragment", [
    (b"", "El archivo está vacío"),
    (b"   \r\n\n", "El archivo está vacío"),
    (bytes(range(256)) * 20, "no es un CSV ni un Excel"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4, "no es un CSV ni un Excel"),
    (b"PK\x03\x04" + b"\x00garbage" * 50, "no es un CSV ni un Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "archivo de Excel antiguo (.xls)"),
    (b"producto,precio\npan,0.30\n", "Ninguna columna de este archivo parece de un registro"),
    ((SPANISH_HEADER + "\n").encode(), "pero ningún trabajador"),
    (SPANISH_HEADER.encode() + b"\n;;;;\n", "pero ningún trabajador"),
])
def test_unreadable_files_raise_a_translated_register_error(data, fragment):
    with pytest.raises(RegisterError) as info:
        load(data)
    assert fragment in str(info.value)
    assert isinstance(info.value, ValueError)


def test_missing_required_column_names_it():
    header = SPANISH_HEADER.replace("DNI;", "")
    line = ROW.replace("45781236;", "")
    with pytest.raises(RegisterError) as info:
        load(spanish_csv(line, header=header))
    message = str(info.value)
    assert message.startswith("Este archivo no tiene una columna para Número de documento. "
                              "Se esperaba una de estas: Número de documento, dni")
    assert info.value.params["columns"] == ["id_number"]
    with pytest.raises(RegisterError) as info:
        load_register(spanish_csv(line, header=header), lang="en")
    assert str(info.value).startswith("This file has no column for Document number.")


def test_xlsx_without_rows_and_empty_workbook():
    with pytest.raises(RegisterError, match="ningún trabajador"):
        load(workbook_bytes([XLSX_HEADER]))
    with pytest.raises(RegisterError, match="está vacío"):
        load(workbook_bytes([]))


def test_missing_path_is_a_register_error(tmp_path):
    with pytest.raises(RegisterError, match="No se encontró el archivo nada.csv"):
        load(tmp_path / "nada.csv")


# --- exports, round-trips, masking -------------------------------------------------------------

def test_mask_examples():
    assert mask_account("19112345678901") == "**********8901"
    assert mask_id("45781236") == "****1236"
    assert mask_id("123") == "***"
    assert mask_id(None) is None
    assert pd.isna(mask_account(np.nan))


def sample_workers():
    return load_case_study("pe_cusco_hotel", "es").workers


def test_csv_export_is_utf8_with_bom_iso_dates_and_translated_headers():
    workers = register(GOOD)
    data = to_csv_bytes(workers, lang="es", mask=False)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert header[:4] == ["Código", "Tipo de documento", "Número de documento", "Nombres"]
    row = text.splitlines()[1]
    assert "1990-04-23" in row and "2021-03-15" in row and "Quispe Huamán" in row
    assert "Microempresa (REMYPE)" in row and "Efectivo" in row
    en = to_csv_bytes(workers, lang="en", mask=False).decode("utf-8-sig")
    assert en.splitlines()[0].startswith("Worker code,Document type,Document number,First names")


def test_exports_mask_personal_data_by_default():
    workers = sample_workers()
    ids, accounts = list(workers["id_number"]), list(workers["account_number"].dropna())
    csv_text = to_csv_bytes(workers).decode("utf-8-sig")
    assert not any(i in csv_text for i in ids) and not any(a in csv_text for a in accounts)
    assert "****" + ids[0][-4:] in csv_text
    masked = pd.read_excel(io.BytesIO(to_xlsx_bytes(workers, lang="es")), dtype=str)
    assert list(masked["Número de documento"]) == ["****" + i[-4:] for i in ids]
    plain = to_csv_bytes(workers, mask=False).decode("utf-8-sig")
    assert all(i in plain for i in ids) and all(a in plain for a in accounts)


@pytest.mark.parametrize("case_id", ["pe_cusco_bakery", "pe_cusco_hotel",
                                     "pe_lalibertad_agroexport"])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_round_trip_of_the_case_studies(case_id, lang):
    workers = load_case_study(case_id, "es").workers
    back, _ = load_register(to_csv_bytes(workers, lang=lang, mask=False), today=TODAY)
    pd.testing.assert_frame_equal(back, workers)
    back, _ = load_register(to_xlsx_bytes(workers, lang=lang, mask=False), today=TODAY)
    pd.testing.assert_frame_equal(back, workers)


def test_xlsx_export_never_writes_formulas():
    workers = register({"position": "=HYPERLINK(\"http://x\")", "first_name": "+Rosa"})
    data = to_xlsx_bytes(workers, mask=False)
    from openpyxl import load_workbook
    ws = load_workbook(io.BytesIO(data)).active
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    back, _ = load_register(data, today=TODAY)
    assert back.loc[1, "position"] == '=HYPERLINK("http://x")'


def test_empty_register_has_the_canonical_columns_and_dtypes():
    empty = empty_register()
    assert list(empty.columns) == [c.name for c in COLUMNS]
    assert len(empty) == 0
    assert str(empty["hire_date"].dtype) == "datetime64[ns]"
    assert empty["monthly_wage"].dtype == np.float64 and empty["has_children"].dtype == bool
    assert empty["id_number"].dtype == "str"


def test_loading_never_logs_personal_data(caplog):
    caplog.set_level(logging.DEBUG)
    workers, _ = load_register(DATASETS_DIR / "samples" / "register_template.csv")
    secrets = list(workers["id_number"]) + list(workers["account_number"].dropna())
    to_csv_bytes(workers)
    assert caplog.records  # something was logged...
    assert not any(s in caplog.text for s in secrets)  # ...but no personal data


NAME = st.text(alphabet="abcdefghijklmnñopqrstuvwxyzáéíóúüÁÉÍÓÚÑ ,;\"'-", min_size=1,
               max_size=20).map(str.strip).filter(bool)
DAY = st.dates(min_value=date(1950, 1, 1), max_value=date(2025, 7, 1))


@st.composite
def workers_strategy(draw):
    n = draw(st.integers(1, 6))
    rows = []
    for i in range(n):
        pension = draw(st.sampled_from(["ONP", "AFP"]))
        method = draw(st.sampled_from(["cash", "bank", "ewallet"]))
        rows.append({
            **GOOD,
            "worker_id": f"X{i}",
            "id_type": draw(st.sampled_from(["DNI", "CE", "PAS"])),
            "id_number": draw(st.from_regex(r"[0-9A-Z]{6,12}", fullmatch=True)),
            "first_name": draw(NAME), "last_name": draw(NAME),
            "sex": draw(st.sampled_from(["F", "M"])),
            "birth_date": draw(DAY), "hire_date": draw(DAY),
            "end_date": draw(st.none() | DAY),
            "position": draw(st.none() | NAME),
            "regime": draw(st.sampled_from(["general", "micro", "small"])),
            "monthly_wage": draw(st.integers(1, 5_000_000)) / 100,
            "weekly_hours": float(draw(st.integers(1, 60))),
            "pension_system": pension,
            "afp_name": draw(st.sampled_from(["Habitat", "Integra", "Prima", "Profuturo"]))
            if pension == "AFP" else None,
            "afp_commission": draw(st.sampled_from(["flow", "balance", None])),
            "has_children": draw(st.booleans()),
            "health": draw(st.sampled_from(["essalud", "sis", "eps"])),
            "payment_method": method,
            "payment_provider": draw(st.none() | NAME),
            "account_number": draw(st.none() | st.from_regex(r"[0-9]{9,20}", fullmatch=True)),
            "digital_consent": draw(st.booleans()),
            "consent_date": draw(st.none() | DAY),
        })
    return conform(pd.DataFrame(rows, index=pd.RangeIndex(1, n + 1)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workers=workers_strategy(), lang=st.sampled_from(["es", "en"]),
       xlsx=st.booleans())
def test_round_trip_property(workers, lang, xlsx):
    data = (to_xlsx_bytes if xlsx else to_csv_bytes)(workers, lang=lang, mask=False)
    back, _ = load_register(data, today=TODAY)
    pd.testing.assert_frame_equal(back, workers)
