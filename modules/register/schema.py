"""The worker register's columns, declared once.

Every column of the canonical ``workers`` DataFrame is declared here with its type, whether a
value is required, its allowed values, the header names accepted in a participant's file
(Spanish and English), its label and help text (English msgids, translated when shown) and an
example. The reader (:mod:`modules.register.io`), the validator
(:mod:`modules.register.validate`), the exports and the widgets' form all use this one
declaration.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import N_

#: Column types. ``text``: free text; ``id``: document number (text, keeps leading zeros);
#: ``choice``: one of ``choices``; ``date``; ``money`` (soles per month); ``number``; ``bool``.
COLUMN_TYPES = ("text", "id", "choice", "date", "money", "number", "bool")


@dataclass(frozen=True)
class Choice:
    """One allowed value of a ``choice`` column."""

    value: str  #: canonical code stored in the DataFrame
    label: str  #: English msgid shown to participants
    aliases: tuple[str, ...] = ()  #: other spellings accepted in files (any case/accents)
    #: spellings that also name the provider (``"Yape"`` -> ewallet, provider Yape)
    providers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Column:
    """Declaration of one register column."""

    name: str
    type: str
    label: str  #: English msgid
    help: str  #: English msgid
    example: Any
    #: the column must be in the file and every worker needs a value
    required: bool = False
    #: value used when the column is missing from the file or a cell is blank
    #: (``None``: blank stays empty)
    default: Any = None
    choices: tuple[Choice, ...] = ()
    aliases: tuple[str, ...] = ()  #: header names accepted besides the name and labels
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    step: float | None = None
    personal: bool = False  #: personal data: masked in displays and exports

    def __post_init__(self):
        assert self.type in COLUMN_TYPES, self.type

    @property
    def allowed(self) -> tuple[str, ...]:
        """Canonical allowed values (empty for non-choice columns)."""
        return tuple(c.value for c in self.choices)

    @property
    def dtype(self):
        return DTYPES[self.type]

    def choice_label(self, value: str) -> str | None:
        """English msgid of a canonical value's label (``None`` if unknown)."""
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return None


DTYPES = {
    "text": "str",
    "id": "str",
    "choice": "str",
    "date": "datetime64[ns]",
    "money": "float64",
    "number": "float64",
    "bool": "bool",
}

AFP_NAMES = ("Habitat", "Integra", "Prima", "Profuturo")
DIGITAL_METHODS = ("bank", "ewallet")

_YES = ("si", "s", "yes", "y", "true", "verdadero", "1", "x", "ok")
_NO = ("no", "n", "false", "falso", "0", "ninguno", "ninguna")

COLUMNS: tuple[Column, ...] = (
    Column(
        "worker_id", "text",
        N_("Worker code"),
        N_("Your own short code for the worker, unique in the register (e.g. W001). "
           "Left empty, the lab numbers the workers W001, W002..."),
        "W001",
        aliases=("codigo", "código", "codigo_trabajador", "código de trabajador", "cod",
                 "id_trabajador", "employee id", "worker id", "code"),
    ),
    Column(
        "id_type", "choice",
        N_("Document type"),
        N_("DNI for Peruvians; CE (foreigner's card) or passport for foreign workers."),
        "DNI",
        default="DNI",
        choices=(
            Choice("DNI", N_("DNI"), ("documento nacional de identidad", "libreta electoral",
                                      "le", "national id")),
            Choice("CE", N_("Foreigner's card (CE)"),
                   ("ce", "carne de extranjeria", "carnet de extranjeria",
                    "carné de extranjería", "carnet extranjeria", "foreigner card")),
            Choice("PAS", N_("Passport"), ("pas", "pasaporte", "passport", "pass")),
        ),
        aliases=("tipo_documento", "tipo de documento", "tipo_doc", "tipo doc", "document type"),
    ),
    Column(
        "id_number", "id",
        N_("Document number"),
        N_("DNI: 8 digits (keep leading zeros). CE: 9 to 12 letters or digits. "
           "Passport: 6 to 12 letters or digits."),
        "45781236",
        required=True,
        personal=True,
        aliases=("dni", "numero_documento", "número de documento", "numero de documento",
                 "nro_documento", "nro documento", "n documento", "num_documento", "documento",
                 "doc", "nro_dni", "numero_dni", "document number", "id number"),
    ),
    Column(
        "first_name", "text",
        N_("First names"),
        N_("The worker's given names, as in the ID document."),
        "Rosa María",
        required=True,
        aliases=("nombres", "nombre", "first name", "given names", "name"),
    ),
    Column(
        "last_name", "text",
        N_("Last names"),
        N_("The worker's surnames (father's and mother's), as in the ID document."),
        "Quispe Huamán",
        required=True,
        aliases=("apellidos", "apellido", "apellidos_nombres", "last name", "surname", "surnames"),
    ),
    Column(
        "sex", "choice",
        N_("Sex"),
        N_("F (female) or M (male), as in the ID document; used for gender statistics."),
        "F",
        required=True,
        choices=(
            Choice("F", N_("Female"), ("f", "mujer", "femenino", "female", "woman", "fem")),
            Choice("M", N_("Male"), ("m", "h", "hombre", "masculino", "male", "man", "masc", "varon",
                                     "varón")),
        ),
        aliases=("sexo", "genero", "género", "gender"),
    ),
    Column(
        "birth_date", "date",
        N_("Birth date"),
        N_("Day/month/year, e.g. 23/04/1990. Used to check the minimum working age."),
        "1990-04-23",
        required=True,
        aliases=("fecha_nacimiento", "fecha de nacimiento", "nacimiento", "f_nacimiento",
                 "fec_nac", "fecha_nac", "date of birth", "birthdate", "dob"),
    ),
    Column(
        "hire_date", "date",
        N_("Hire date"),
        N_("The day the worker started (day/month/year)."),
        "2021-03-15",
        required=True,
        aliases=("fecha_ingreso", "fecha de ingreso", "ingreso", "f_ingreso", "fecha_inicio",
                 "fecha de inicio", "inicio", "start date", "date hired"),
    ),
    Column(
        "end_date", "date",
        N_("End date"),
        N_("The day the contract ends or ended; empty while the worker is still employed."),
        "",
        aliases=("fecha_cese", "fecha de cese", "cese", "f_cese", "fecha_fin", "fecha de fin",
                 "fin", "fecha_termino", "fecha de término", "fin de contrato",
                 "fecha_fin_contrato", "termination date"),
    ),
    Column(
        "position", "text",
        N_("Position"),
        N_("The worker's job, e.g. baker, receptionist, field worker."),
        "Panadera",
        aliases=("cargo", "puesto", "ocupacion", "ocupación", "funcion", "función", "job",
                 "job title"),
    ),
    Column(
        "regime", "choice",
        N_("Labour regime"),
        N_("General regime, or the REMYPE special regime for a micro or a small enterprise "
           "(registered in REMYPE). It sets which benefits the workers receive."),
        "micro",
        required=True,
        choices=(
            Choice("general", N_("General regime"),
                   ("regimen general", "régimen general", "rg", "regimen laboral general",
                    "dl 728", "d leg 728", "728", "general regime")),
            Choice("micro", N_("Micro enterprise (REMYPE)"),
                   ("microempresa", "micro empresa", "mype micro", "remype micro",
                    "regimen micro", "regimen especial micro", "regimen microempresa",
                    "micro enterprise", "microenterprise")),
            Choice("small", N_("Small enterprise (REMYPE)"),
                   ("pequena empresa", "pequeña empresa", "pequena", "pequeña", "mype pequena",
                    "mype pequeña", "remype pequena", "remype pequeña", "regimen pequena empresa",
                    "régimen pequeña empresa", "small enterprise", "small business")),
        ),
        aliases=("regimen", "régimen", "regimen laboral", "régimen laboral", "regimen_laboral",
                 "tipo de regimen", "regime"),
    ),
    Column(
        "monthly_wage", "money",
        N_("Monthly wage"),
        N_("Basic monthly remuneration in soles (without family allowance). For a full-time "
           "worker it cannot be below the minimum wage (RMV)."),
        1300.0,
        required=True,
        unit="PEN", min=0.0, step=10.0,
        aliases=("remuneracion", "remuneración", "remuneracion mensual", "remuneración mensual",
                 "remuneracion_basica", "remuneración básica", "sueldo", "sueldo mensual",
                 "sueldo_basico", "sueldo básico", "salario", "salario mensual", "haber basico",
                 "haber básico", "wage", "salary", "monthly salary"),
    ),
    Column(
        "weekly_hours", "number",
        N_("Weekly hours"),
        N_("Normal working hours a week; 48 is full time. Part-time workers may earn less "
           "than the minimum wage, in proportion."),
        48.0,
        default=48.0,
        unit="h", min=0.0, max=48.0, step=1.0,
        aliases=("horas_semanales", "horas semanales", "horas", "horas por semana", "jornada",
                 "jornada semanal", "hours", "hours per week"),
    ),
    Column(
        "pension_system", "choice",
        N_("Pension system"),
        N_("ONP (public system, 13%) or an AFP (private system)."),
        "AFP",
        required=True,
        choices=(
            Choice("ONP", N_("ONP (public)"),
                   ("onp", "snp", "sistema nacional de pensiones", "dl 19990", "19990",
                    "public")),
            Choice("AFP", N_("AFP (private)"),
                   ("afp", "spp", "sistema privado de pensiones", "private"),
                   providers=tuple((f"afp {n}", n) for n in AFP_NAMES)),
        ),
        aliases=("sistema_pensiones", "sistema de pensiones", "sistema pensionario",
                 "sistema_pensionario", "pension", "pensiones", "regimen pensionario",
                 "régimen pensionario", "pension system"),
    ),
    Column(
        "afp_name", "choice",
        N_("AFP"),
        N_("For AFP members: Habitat, Integra, Prima or Profuturo."),
        "Integra",
        choices=tuple(Choice(n, n, (f"afp {n}", f"{n} afp")) for n in AFP_NAMES),
        aliases=("afp", "nombre_afp", "nombre afp", "afp_nombre", "administradora", "afp name"),
    ),
    Column(
        "afp_commission", "choice",
        N_("AFP commission"),
        N_("For AFP members: commission on flow (a % of each wage) or on balance "
           "(mixed: a % of the fund)."),
        "flow",
        choices=(
            Choice("flow", N_("On flow"),
                   ("flujo", "comision flujo", "comisión flujo", "comision sobre flujo",
                    "sobre flujo", "comision sobre remuneracion", "sobre remuneracion",
                    "remuneracion", "flow")),
            Choice("balance", N_("On balance (mixed)"),
                   ("saldo", "mixta", "comision mixta", "comisión mixta", "sobre saldo",
                    "comision sobre saldo", "comisión sobre saldo", "mixed", "balance")),
        ),
        aliases=("comision_afp", "comisión afp", "comision afp", "tipo_comision",
                 "tipo de comisión", "tipo de comision", "comision", "comisión",
                 "afp commission", "commission"),
    ),
    Column(
        "has_children", "bool",
        N_("Family allowance"),
        N_("Yes if the worker has children under 18 (or studying): the family allowance "
           "(10% of the RMV) is paid."),
        False,
        default=False,
        aliases=("hijos", "tiene_hijos", "tiene hijos", "asignacion_familiar",
                 "asignación familiar", "asig_familiar", "asig familiar", "children",
                 "has children"),
    ),
    Column(
        "health", "choice",
        N_("Health insurance"),
        N_("EsSalud (employer pays 9%), EPS (private provider beside EsSalud) or SIS "
           "(semi-subsidised, only for micro enterprises)."),
        "essalud",
        default="essalud",
        choices=(
            Choice("essalud", N_("EsSalud"), ("essalud", "es salud", "seguro social",
                                              "seguro regular")),
            Choice("sis", N_("SIS (semi-subsidised)"),
                   ("sis", "seguro integral de salud", "sis semisubsidiado",
                    "sis semicontributivo")),
            Choice("eps", N_("EsSalud + EPS"),
                   ("eps", "essalud eps", "essalud y eps", "eps essalud",
                    "entidad prestadora de salud")),
        ),
        aliases=("salud", "seguro", "seguro de salud", "seguro_salud", "regimen de salud",
                 "régimen de salud", "health", "health insurance"),
    ),
    Column(
        "payment_method", "choice",
        N_("Payment method"),
        N_("How the wage is paid: cash, bank account or e-wallet (Yape, Plin...). "
           "The worker freely chooses the bank or e-wallet (Law 32413)."),
        "bank",
        required=True,
        choices=(
            Choice("cash", N_("Cash"), ("efectivo", "en efectivo", "contado", "cash")),
            Choice("bank", N_("Bank account"),
                   ("banco", "bank", "cuenta", "cuenta bancaria", "cuenta sueldo", "deposito",
                    "depósito", "deposito bancario", "depósito bancario", "deposito en cuenta",
                    "abono en cuenta", "transferencia", "transferencia bancaria",
                    "bank account", "bank transfer"),
                   providers=(("bcp", "BCP"), ("interbank", "Interbank"), ("bbva", "BBVA"),
                              ("scotiabank", "Scotiabank"),
                              ("banco de la nacion", "Banco de la Nación"),
                              ("caja trujillo", "Caja Trujillo"), ("caja cusco", "Caja Cusco"),
                              ("caja arequipa", "Caja Arequipa"))),
            Choice("ewallet", N_("E-wallet"),
                   ("billetera", "billetera digital", "billetera electronica",
                    "billetera electrónica", "monedero electronico", "monedero electrónico",
                    "ewallet", "e-wallet", "e wallet", "digital wallet", "wallet"),
                   providers=(("yape", "Yape"), ("plin", "Plin"), ("bim", "BIM"),
                              ("tunki", "Tunki"))),
        ),
        aliases=("medio_pago", "medio de pago", "forma_pago", "forma de pago", "modo de pago",
                 "metodo_pago", "método de pago", "pago", "payment", "payment method"),
    ),
    Column(
        "payment_provider", "text",
        N_("Bank or e-wallet"),
        N_("The bank, savings bank (caja) or e-wallet the worker chose, e.g. BCP, "
           "Caja Cusco, Yape."),
        "BCP",
        aliases=("proveedor", "entidad", "banco", "entidad financiera", "nombre_banco",
                 "nombre del banco", "billetera_digital", "provider", "bank name"),
    ),
    Column(
        "account_number", "text",
        N_("Account or e-wallet number"),
        N_("Bank account or CCI number, or the mobile number linked to the e-wallet."),
        "19112345678901",
        personal=True,
        aliases=("cuenta", "numero_cuenta", "número de cuenta", "numero de cuenta",
                 "nro_cuenta", "nro cuenta", "cci", "cuenta_bancaria", "celular",
                 "numero celular", "account", "account number"),
    ),
    Column(
        "digital_consent", "bool",
        N_("Worker's consent"),
        N_("Yes when the worker chose, freely and in writing, to be paid into this bank or "
           "e-wallet account (Law 32413)."),
        True,
        default=False,
        aliases=("consentimiento", "consentimiento_pago_digital", "consentimiento pago digital",
                 "autorizacion", "autorización", "consent", "digital consent"),
    ),
    Column(
        "consent_date", "date",
        N_("Consent date"),
        N_("The day the worker communicated the choice of bank or e-wallet."),
        "2025-02-03",
        aliases=("fecha_consentimiento", "fecha de consentimiento", "fecha_autorizacion",
                 "fecha de autorización", "consent date"),
    ),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)
PERSONAL_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.personal)


def column(name: str) -> Column:
    """The declaration of column ``name`` (``KeyError`` if unknown)."""
    return BY_NAME[name]


# --- normalised keys (case-, accent-, space/underscore-insensitive) --------------------------

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def key(text: Any) -> str:
    """``"Número de documento"`` -> ``"numerodedocumento"`` (for header and value matching)."""
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", stripped.lower())


def key_series(values: pd.Series) -> pd.Series:
    """Vectorised :func:`key` over a Series of text (missing -> ``""``)."""
    s = values.astype("str").fillna("")
    s = s.str.normalize("NFKD").str.replace(r"[\u0300-\u036f]", "", regex=True)
    return s.str.lower().str.replace(r"[^0-9a-z]+", "", regex=True)


def header_keys(col: Column, label_translations: tuple[str, ...] = ()) -> set[str]:
    """All normalised header names accepted for ``col``."""
    names = {col.name, col.label, *col.aliases, *label_translations}
    return {key(n) for n in names if key(n)}


def value_map(col: Column, label_translations: dict[str, tuple[str, ...]] | None = None
              ) -> dict[str, str]:
    """Normalised spelling -> canonical value for a choice column."""
    mapping: dict[str, str] = {}
    for choice in col.choices:
        spellings = [choice.value, choice.label, *choice.aliases,
                     *(p for p, _ in choice.providers),
                     *((label_translations or {}).get(choice.value, ()))]
        for spelling in spellings:
            k = key(spelling)
            if k:
                mapping.setdefault(k, choice.value)
    return mapping


def provider_map(col: Column) -> dict[str, str]:
    """Normalised spelling -> provider name, for choices that also name a provider."""
    return {key(p): name for choice in col.choices for p, name in choice.providers}


BOOL_MAP: dict[str, bool] = {**{key(v): True for v in _YES}, **{key(v): False for v in _NO}}


def empty_register() -> pd.DataFrame:
    """A register with no workers: the canonical columns and dtypes, index starting at 1."""
    data = {c.name: pd.Series([], dtype=c.dtype) for c in COLUMNS}
    return pd.DataFrame(data, index=pd.RangeIndex(1, 1))


#: dates a register can hold; others (a typo such as 0199 or 9999) are treated as unreadable
DATE_MIN, DATE_MAX = pd.Timestamp("1900-01-01"), pd.Timestamp("2100-12-31")


def to_register_dates(values: pd.Series) -> pd.Series:
    """``datetime64[ns]`` dates; values that are not dates or lie outside 1900–2100 become NaT
    (pandas' nanosecond dates cannot even hold years before 1677 or after 2262)."""
    parsed = pd.to_datetime(values, errors="coerce")
    if not isinstance(parsed, pd.Series):
        parsed = pd.Series(parsed, index=values.index)
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)
    inside = parsed.notna() & (parsed >= DATE_MIN) & (parsed <= DATE_MAX)
    return parsed.where(inside).astype("datetime64[ns]")


def conform(workers: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``workers`` with exactly the canonical columns, in order, with their dtypes.

    Missing columns are added (empty, or the column's default); extra columns are dropped.
    Values that cannot take the dtype become missing (validation reports them).
    """
    n = len(workers)
    out = {}
    for col in COLUMNS:
        if col.name in workers.columns:
            s = workers[col.name]
        else:
            s = pd.Series([col.default] * n if col.default is not None else [None] * n,
                          index=workers.index, dtype=object)
        if col.type == "date":
            s = to_register_dates(s)
        elif col.type in ("money", "number"):
            s = pd.to_numeric(s, errors="coerce").astype("float64")
        elif col.type == "bool":
            s = s.astype(object).where(s.notna(), col.default or False)
            s = s.map(lambda v: v if isinstance(v, (bool, np.bool_)) else BOOL_MAP.get(key(v), False)
                      ).astype("bool")
        else:
            s = s.astype(object).where(s.notna(), None).astype("str")
            s = s.where(s.str.strip() != "", np.nan)
        out[col.name] = s
    return pd.DataFrame(out, index=workers.index)
