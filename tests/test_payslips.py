"""Pay slips (boletas de pago): PDF contents, masking, ZIP of a payroll, determinism, catalog.

The register and payroll fixtures are built by hand with the contract's columns. Their
amounts were worked out from the Peruvian rules in /work/shared/domain/peru_payroll.md
(RMV 2025 = 1,130; asignación familiar = 10 % RMV = 113; AFP Integra flow: 10 % fund,
1.37 % insurance, 1.55 % commission; ONP 13 %; EsSalud 9 %; July gratificación with the
Law 30334 9 % bonus, half for a small enterprise, none for a micro enterprise).
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

pypdf = pytest.importorskip("pypdf")

import modules.payslips as payslips_pkg  # noqa: E402
from modules.i18n import translator  # noqa: E402
from modules.payslips import payslip_pdf, payslips_zip  # noqa: E402

PERIOD = "2025-07"

REGISTER_COLUMNS = [
    "worker_id", "id_type", "id_number", "first_name", "last_name", "sex", "birth_date",
    "hire_date", "end_date", "position", "regime", "monthly_wage", "weekly_hours",
    "pension_system", "afp_name", "afp_commission", "has_children", "health",
    "payment_method", "payment_provider", "account_number", "digital_consent", "consent_date",
]
PAYROLL_COLUMNS = [
    "worker_id", "days_worked", "basic_pay", "asignacion_familiar", "gratificacion",
    "bonificacion_extraordinaria", "onp", "afp_fund", "afp_insurance", "afp_commission",
    "income_tax", "total_deductions", "essalud", "cts", "gross_pay", "net_pay", "employer_cost",
]
DATE_COLUMNS = ["birth_date", "hire_date", "end_date", "consent_date"]

EMPLOYER = {
    "name": "Hostal Inti Raymi S.A.C.",
    "ruc": "20601234567",
    "address": "Calle Plateros 345, Cusco",
}

YAPE_NUMBER = "987654321"
BCP_ACCOUNT = "19112345678901"


def _register() -> pd.DataFrame:
    rows = [
        # W001: general regime, AFP Integra (flow), children, paid to Yape
        dict(worker_id="W001", id_type="DNI", id_number="04567890", first_name="María Ñusta",
             last_name="Quispe Huamán", sex="F", birth_date="1990-03-02",
             hire_date="2019-03-15", end_date=None, position="Recepcionista",
             regime="general", monthly_wage=1130.0, weekly_hours=48.0, pension_system="AFP",
             afp_name="Integra", afp_commission="flow", has_children=True, health="essalud",
             payment_method="ewallet", payment_provider="Yape", account_number=YAPE_NUMBER,
             digital_consent=True, consent_date="2025-02-01"),
        # W002: small enterprise, ONP, bank account
        dict(worker_id="W002", id_type="CE", id_number="001234567", first_name="Luis",
             last_name="Ramírez Soto", sex="M", birth_date="1985-11-20",
             hire_date="2024-01-10", end_date=None, position="Cocinero", regime="small",
             monthly_wage=1500.0, weekly_hours=48.0, pension_system="ONP", afp_name=None,
             afp_commission=None, has_children=False, health="essalud",
             payment_method="bank", payment_provider="BCP", account_number=BCP_ACCOUNT,
             digital_consent=True, consent_date="2024-01-10"),
        # W003: micro enterprise, ONP, SIS, paid in cash
        dict(worker_id="W003", id_type="DNI", id_number="00123456", first_name="José Ángel",
             last_name="Ñahui Ccori", sex="M", birth_date="2001-06-30",
             hire_date="2025-03-01", end_date=None, position="Ayudante de limpieza",
             regime="micro", monthly_wage=1130.0, weekly_hours=48.0, pension_system="ONP",
             afp_name=None, afp_commission=None, has_children=False, health="sis",
             payment_method="cash", payment_provider="", account_number="",
             digital_consent=False, consent_date=None),
    ]
    df = pd.DataFrame(rows, columns=REGISTER_COLUMNS, index=pd.RangeIndex(1, len(rows) + 1))
    for col in DATE_COLUMNS:
        df[col] = pd.to_datetime(df[col])
    return df


def _payroll() -> pd.DataFrame:
    rows = [
        # W001: remuneration 1,130 + 113 = 1,243; gratificación 1,243 (full semester) and its
        # 9 % bonus 111.87; AFP on 1,243: fund 124.30, insurance 17.03, commission 19.27.
        dict(worker_id="W001", days_worked=30.0, basic_pay=1130.0, asignacion_familiar=113.0,
             gratificacion=1243.0, bonificacion_extraordinaria=111.87, onp=0.0,
             afp_fund=124.30, afp_insurance=17.03, afp_commission=19.27, income_tax=0.0,
             total_deductions=160.60, essalud=111.87, cts=0.0, gross_pay=2597.87,
             net_pay=2437.27, employer_cost=2709.74),
        # W002: half gratificación 750 (small enterprise) + 9 % bonus 67.50; ONP 13 % of 1,500.
        dict(worker_id="W002", days_worked=30.0, basic_pay=1500.0, asignacion_familiar=0.0,
             gratificacion=750.0, bonificacion_extraordinaria=67.50, onp=195.0, afp_fund=0.0,
             afp_insurance=0.0, afp_commission=0.0, income_tax=0.0, total_deductions=195.0,
             essalud=135.0, cts=0.0, gross_pay=2317.50, net_pay=2122.50,
             employer_cost=2452.50),
        # W003: micro enterprise, no gratificación; ONP 13 % of 1,130; SIS, so no EsSalud.
        dict(worker_id="W003", days_worked=30.0, basic_pay=1130.0, asignacion_familiar=0.0,
             gratificacion=0.0, bonificacion_extraordinaria=0.0, onp=146.90, afp_fund=0.0,
             afp_insurance=0.0, afp_commission=0.0, income_tax=0.0, total_deductions=146.90,
             essalud=0.0, cts=0.0, gross_pay=1130.0, net_pay=983.10, employer_cost=1130.0),
    ]
    return pd.DataFrame(rows, columns=PAYROLL_COLUMNS, index=pd.RangeIndex(1, len(rows) + 1))


@pytest.fixture
def workers() -> pd.DataFrame:
    return _register()


@pytest.fixture
def payroll() -> pd.DataFrame:
    return _payroll()


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text.replace("\u00a0", " ")


def raw_streams(data: bytes) -> bytes:
    """The file bytes plus every page's decompressed content stream."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return data + b"".join(page.get_contents().get_data() for page in reader.pages)


def slip(workers, payroll, row, lang="es", **kwargs) -> bytes:
    return payslip_pdf(EMPLOYER, workers.loc[row], payroll.loc[row], PERIOD, lang=lang, **kwargs)


# ---------------------------------------------------------------------------------------
# One slip
# ---------------------------------------------------------------------------------------
def test_spanish_slip_has_the_legal_contents(workers, payroll):
    data = slip(workers, payroll, 1, "es")
    assert data.startswith(b"%PDF-")
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 1
    text = pdf_text(data)
    for expected in [
        "BOLETA DE PAGO DE REMUNERACIONES",
        "Hostal Inti Raymi S.A.C.", "20601234567", "Calle Plateros 345, Cusco",
        "Quispe Huamán, María Ñusta", "DNI 04567890", "Recepcionista",
        "Régimen general", "15 de marzo de 2019", "AFP Integra, comisión sobre flujo",
        "Julio 2025", "Días laborados",
        # earnings
        "Remuneración básica", "S/ 1,130.00", "Asignación familiar", "S/ 113.00",
        "Gratificación", "S/ 1,243.00", "Bonificación extraordinaria (Ley 30334)",
        # deductions
        "AFP - aporte obligatorio al fondo", "S/ 124.30", "AFP - prima de seguro",
        "S/ 17.03", "AFP - comisión", "S/ 19.27", "Impuesto a la renta",
        # employer contributions and totals
        "EsSalud (salud, a cargo del empleador)", "S/ 111.87",
        "S/ 2,597.87", "S/ 160.60", "NETO A PAGAR", "S/ 2,437.27",
        # payment and signatures
        "Billetera digital: Yape ***** 4321", "31 de julio de 2025",
        "Firma del empleador", "Firma del trabajador", "Decreto Legislativo 1310",
        "simulación de capacitación, no es un documento legal",
    ]:
        assert expected in text, expected
    # An AFP affiliate has no ONP line; zero earnings lines are left out.
    assert "ONP - Sistema Nacional de Pensiones" not in text


def test_english_slip_uses_english_labels(workers, payroll):
    t = translator("en")
    text = pdf_text(slip(workers, payroll, 1, "en"))
    for expected in [
        "PAY SLIP", "Basic pay", "DEDUCTIONS", "EMPLOYER", "CONTRIBUTIONS", "NET PAY",
        "General regime", "July 2025", "July 31, 2025", "March 15, 2019",
        "E-wallet: Yape ***** 4321", "training simulation, not a legal document",
        t.money(2437.27).replace("\u00a0", " "),
    ]:
        assert expected in text, expected
    assert "2,437.27" in text
    assert "BOLETA" not in text and "Remuneración básica" not in text


def test_account_is_masked_to_its_last_four_digits(workers, payroll):
    for row, number in [(1, YAPE_NUMBER), (2, BCP_ACCOUNT)]:
        for lang in ("es", "en"):
            data = slip(workers, payroll, row, lang)
            text = pdf_text(data)
            assert "***** " + number[-4:] in text
            assert number not in text
            assert number.encode() not in raw_streams(data)
            # not even in the document metadata
            meta = pypdf.PdfReader(io.BytesIO(data)).metadata
            assert all(number not in str(value) for value in meta.values())


def test_bank_and_onp_small_enterprise_slip(workers, payroll):
    text = pdf_text(slip(workers, payroll, 2, "es"))
    for expected in [
        "Carné de extranjería (CE) 001234567", "Pequeña empresa (REMYPE)",
        "SNP - ONP", "ONP - Sistema Nacional de Pensiones",
        "S/ 195.00", "S/ 750.00", "S/ 67.50", "S/ 135.00", "S/ 2,317.50",
        "Cuenta bancaria: BCP ***** 8901", "S/ 2,122.50",
    ]:
        assert expected in text, expected
    assert "AFP - " not in text
    assert "Asignación familiar" not in text  # zero earning lines are omitted


def test_cash_micro_enterprise_slip(workers, payroll):
    text = pdf_text(slip(workers, payroll, 3, "es"))
    for expected in [
        "Ñahui Ccori, José Ángel", "DNI 00123456", "Microempresa (REMYPE)",
        "SIS (semisubsidiado)", "Forma de pago", "Efectivo", "S/ 146.90", "S/ 983.10",
        "Pago en efectivo: el trabajador firma",
    ]:
        assert expected in text, expected
    assert "*****" not in text
    assert "Gratificación" not in text
    assert "EsSalud (salud" not in text  # SIS: no EsSalud contribution line


def test_identity_number_is_printed_in_full_with_leading_zeros(workers, payroll):
    # Documented decision (MODEL.md): the pay slip is the legal document identifying the
    # worker, so the DNI/CE number is shown in full; only the pay account is masked.
    assert "04567890" in pdf_text(slip(workers, payroll, 1))
    assert "00123456" in pdf_text(slip(workers, payroll, 3))


def test_cts_deposit_is_shown_as_an_employer_deposit(workers, payroll):
    pay = payroll.loc[1].copy()
    # November: CTS for May-Oct = (1,243 + 1,243 / 6) / 12 * 6 = 725.08; no gratificación.
    pay["gratificacion"] = 0.0
    pay["bonificacion_extraordinaria"] = 0.0
    pay["cts"] = 725.08
    pay["gross_pay"] = 1243.0
    pay["net_pay"] = 1082.40
    pay["employer_cost"] = 1243.0 + 111.87 + 725.08
    text = pdf_text(payslip_pdf(EMPLOYER, workers.loc[1], pay, "2025-11", lang="es"))
    assert "Depósito CTS (cuenta CTS del trabajador)" in text
    assert "S/ 725.08" in text
    assert "S/ 836.95" in text  # employer column total: EsSalud 111.87 + CTS 725.08
    assert "Noviembre 2025" in text and "30 de noviembre de 2025" in text
    assert "S/ 1,082.40" in text
    # and no CTS line when nothing is deposited
    assert "Depósito CTS" not in pdf_text(slip(workers, payroll, 1))


def test_payment_date_can_be_given(workers, payroll):
    text = pdf_text(slip(workers, payroll, 1, "es", payment_date="2025-08-01"))
    assert "1 de agosto de 2025" in text
    assert "31 de julio de 2025" not in text


def test_same_inputs_give_identical_bytes(workers, payroll):
    first = slip(workers, payroll, 1)
    assert slip(workers, payroll, 1) == first
    assert slip(_register(), _payroll(), 1) == first
    assert slip(workers, payroll, 1, payment_date="2025-08-01") != first
    assert slip(workers, payroll, 1, "en") != first
    meta = pypdf.PdfReader(io.BytesIO(first)).metadata
    assert meta.title == "BOLETA DE PAGO DE REMUNERACIONES Julio 2025 W001"
    assert meta.creation_date.date().isoformat() == "2025-07-31"


def test_characters_outside_latin1_do_not_crash(workers, payroll):
    worker = workers.loc[1].copy()
    worker["first_name"] = "Łukasz “Lucho”"
    worker["last_name"] = "Čapek — Ŝoto 🙂"
    worker["position"] = "Guía de turismo – nivel 2"
    employer = dict(EMPLOYER, name="Café Ñawi’s E.I.R.L.")
    text = pdf_text(payslip_pdf(employer, worker, payroll.loc[1], PERIOD, lang="es"))
    assert 'Capek - Soto ?, Lukasz "Lucho"' in text
    assert "Guía de turismo - nivel 2" in text
    assert "Café Ñawi's E.I.R.L." in text


def test_missing_optional_values_render(workers, payroll):
    worker = workers.loc[2].copy()
    worker["position"] = None
    worker["hire_date"] = pd.NaT
    employer = {"name": "Bodega Rosita", "ruc": "10456789012"}  # no address
    text = pdf_text(payslip_pdf(employer, worker, payroll.loc[2], PERIOD, lang="es"))
    assert "10456789012" in text and "Domicilio" not in text
    assert "S/ 2,122.50" in text


def test_bad_period_is_a_clear_translated_error(workers, payroll):
    with pytest.raises(ValueError, match="El periodo debe tener la forma 2025-07"):
        payslip_pdf(EMPLOYER, workers.loc[1], payroll.loc[1], "julio", lang="es")
    with pytest.raises(ValueError, match="The period must look like 2025-07"):
        payslips_zip(EMPLOYER, workers, payroll, "2025-13", lang="en")


# ---------------------------------------------------------------------------------------
# ZIP of a payroll
# ---------------------------------------------------------------------------------------
def _check_zip(data: bytes, workers: pd.DataFrame, payroll: pd.DataFrame, lang="es") -> None:
    t = translator(lang)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert names == [f"boleta_{PERIOD}_{wid}.pdf" for wid in workers["worker_id"]]
        by_id = payroll.set_index("worker_id")
        for info in zf.infolist():
            assert info.compress_type == zipfile.ZIP_DEFLATED
            wid = info.filename[len(f"boleta_{PERIOD}_"):-len(".pdf")]
            text = pdf_text(zf.read(info))
            assert t.money(by_id.at[wid, "net_pay"]).replace("\u00a0", " ") in text
            worker = workers[workers["worker_id"] == wid].iloc[0]
            assert worker["last_name"] in text


def test_zip_has_one_slip_per_worker(workers, payroll):
    data = payslips_zip(EMPLOYER, workers, payroll, PERIOD, lang="es")
    _check_zip(data, workers, payroll)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert len(zf.namelist()) == 3
        with zf.open("boleta_2025-07_W003.pdf") as fh:
            assert "S/ 983.10" in pdf_text(fh.read())


def test_zip_is_deterministic_and_masks_accounts(workers, payroll):
    data = payslips_zip(EMPLOYER, workers, payroll, PERIOD, lang="es")
    assert payslips_zip(EMPLOYER, _register(), _payroll(), PERIOD, lang="es") == data
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            pdf = zf.read(name)
            assert YAPE_NUMBER.encode() not in raw_streams(pdf)
            assert BCP_ACCOUNT.encode() not in raw_streams(pdf)


def test_zip_joins_on_worker_id_when_the_index_differs(workers, payroll):
    shuffled = payroll.iloc[[2, 0, 1]].reset_index(drop=True)
    data = payslips_zip(EMPLOYER, workers, shuffled, PERIOD, lang="en")
    _check_zip(data, workers, payroll, lang="en")
    with pytest.raises(ValueError, match="W002"):  # shuffled is W003, W001, W002
        payslips_zip(EMPLOYER, workers, shuffled.iloc[:2], PERIOD, lang="en")


def test_zip_file_names_are_sanitised(workers, payroll):
    workers = workers.assign(worker_id=["../etc/W 1", "W-2", "Ñ/3"])
    payroll = payroll.assign(worker_id=workers["worker_id"])
    with zipfile.ZipFile(io.BytesIO(payslips_zip(EMPLOYER, workers, payroll, PERIOD))) as zf:
        assert zf.namelist() == [
            "boleta_2025-07_etc_W_1.pdf", "boleta_2025-07_W-2.pdf", "boleta_2025-07_3.pdf",
        ]


def test_zip_of_sixty_workers(workers, payroll):
    reps = 20
    many_w = pd.concat([workers] * reps, ignore_index=True)
    many_w.index = pd.RangeIndex(1, len(many_w) + 1)
    many_w["worker_id"] = [f"W{i:03d}" for i in many_w.index]
    many_p = pd.concat([payroll] * reps, ignore_index=True)
    many_p.index = many_w.index
    many_p["worker_id"] = many_w["worker_id"]
    data = payslips_zip(EMPLOYER, many_w, many_p, PERIOD, lang="es")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert len(zf.namelist()) == 60
        assert zf.namelist()[-1] == "boleta_2025-07_W060.pdf"
        assert "S/ 983.10" in pdf_text(zf.read("boleta_2025-07_W060.pdf"))


# ---------------------------------------------------------------------------------------
# Translations
# ---------------------------------------------------------------------------------------
def _msgids() -> set[str]:
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file

    keywords = dict(DEFAULT_KEYWORDS, t=None)
    folder = Path(payslips_pkg.__file__).parent
    ids = set()
    for source in sorted(folder.glob("*.py")):
        for _lineno, message, _comments, _context in extract_from_file(
            "python", str(source), keywords=keywords
        ):
            ids.add(message if isinstance(message, str) else message[0])
    return ids


def test_every_payslips_msgid_is_translated_in_spanish():
    from babel.messages.pofile import read_po

    ids = _msgids()
    assert {"PAY SLIP", "NET PAY", "General regime", "Basic pay"} <= ids
    po = Path(payslips_pkg.__file__).parents[1] / "locale/es/LC_MESSAGES/payslips.po"
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="es")
    missing = sorted(i for i in ids if not (catalog.get(i) and catalog.get(i).string))
    assert missing == []
    fuzzy = sorted(i for i in ids if catalog.get(i).fuzzy)
    assert fuzzy == []
    t = translator("es")
    for msgid in ids:
        translated = catalog.get(msgid).string
        # placeholders survive the translation, and the running catalog serves it
        assert sorted(re.findall(r"\{(\w+)\}", msgid)) == sorted(
            re.findall(r"\{(\w+)\}", translated)
        ), msgid
        assert t(msgid) == translated, msgid


# ---------------------------------------------------------------------------------------
# Integration with the register and payroll engine
# ---------------------------------------------------------------------------------------
def test_case_study_payroll_to_zip():
    casestudies = pytest.importorskip("modules.casestudies")
    payroll_mod = pytest.importorskip("modules.payroll")
    case = casestudies.load_case_study("pe_cusco_hotel")
    pay = payroll_mod.compute_payroll(case.workers, "2025-07")
    data = payslips_zip(case.employer, case.workers, pay, "2025-07", lang="es")
    _check_zip(data, case.workers, pay)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert len(zf.namelist()) == len(case.workers)
        first = pdf_text(zf.read(zf.namelist()[0]))
    assert str(case.employer["ruc"]) in first
