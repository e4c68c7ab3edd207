"""One catalogue of every bundled case study, across the labs.

    from modules.catalogue import catalogue, filter_catalogue, catalogue_display
    cases = catalogue("es")                            # one row per case study
    filter_catalogue(cases, country="PE", size="micro", module="payroll")
    catalogue_display(cases, "es")                     # translated headers and values

The rows come from the labs' own manifests: the Peruvian worker registers
(``datasets/manifest.yaml`` via :func:`modules.casestudies.list_case_studies`), the Indonesian
SCORE enterprises (:func:`modules.productivity.enterprise_case_studies`), the gender lab's
staff tables (``datasets/staff/manifest.yaml`` via :func:`modules.gender.staff.staff_cases`)
and the Lima dockers of the micro-insurance lab (``datasets/microinsurance/manifest.yaml``,
left out while that file does not exist).

**Size** is a class by number of workers, with each country's convention:

- Peru sizes enterprises by annual sales since Law 30056 (2013; REMYPE: micro up to 150 UIT,
  small up to 1,700 UIT), so no legal worker band exists any more. The catalogue uses the
  worker bands of the former MYPE law, DL 1086 (2008): micro 1-10 workers, small 11-100; above
  that, medium up to 250 workers and large beyond, the usual international convention
  (Peruvian law has no worker band for them). The case's REMYPE regime, which is the legal
  class, is in ``legal_size``.
- Indonesia: the worker classes of Statistics Indonesia (BPS) for industry: micro 1-4
  workers, small 5-19, medium 20-99, large 100 or more. The legal class of PP 7/2021 art. 35
  (by annual sales) that the SCORE cases declare is in ``legal_size``.
- A group of own-account workers (the dockers) is not an enterprise: its size is empty.

**Sector**: the case's own words, in the language asked, plus a broad ISIC Rev. 4 section
(``isic_section``, ``sector_group``) derived from the English sector or title; a manifest entry
may state ``isic_section`` itself. Manifests that give no sector (the staff tables, the
dockers) get one derived from their id or title.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd
import yaml

from .casestudies import DATASETS_DIR
from .i18n import LANGUAGES, N_, normalize_lang, translator

#: the labs (notebook names) and the modules (model packages) that use each source
PERU_LABS = ("payroll_digital", "cash_to_digital")
PERU_MODULES = ("payroll", "digitization")
MICROINSURANCE_MANIFEST = DATASETS_DIR / "microinsurance" / "manifest.yaml"

COLUMNS = ("id", "title", "labs", "modules", "country", "region", "sector", "isic_section",
           "sector_group", "size", "legal_size", "workers", "description", "learning_points",
           "synthetic")

MODULES = ("payroll", "digitization", "productivity", "gender", "microinsurance")
MODULE_NAMES = {
    "payroll": N_("Payroll and pay slips"),
    "digitization": N_("Digital wage payments"),
    "productivity": N_("SCORE productivity"),
    "gender": N_("Gender equality"),
    "microinsurance": N_("Micro-insurance"),
}
#: the labs' titles as the gallery shows them (msgids shared with the labs' catalogs)
LAB_NAMES = {
    "payroll_digital": N_("Digital payroll and pay slips"),
    "cash_to_digital": N_("Cash or digital wages: costs, savings and a responsible plan"),
    "score_productivity": N_("SCORE: more productive, better jobs"),
    "gender_equality": N_("Gender equality: pay gap, self-assessment and action plan"),
    "microinsurance_viability": N_("Micro-insurance for atypical workers"),
}
COUNTRY_NAMES = {"PE": N_("Peru"), "ID": N_("Indonesia")}

SIZES = ("micro", "small", "medium", "large")
SIZE_NAMES = {"micro": N_("micro"), "small": N_("small"), "medium": N_("medium"),
              "large": N_("large")}
T_NOT_AN_ENTERPRISE = N_("not an enterprise")
#: upper worker bound of each class (the last class has none)
SIZE_BANDS: dict[str, tuple[tuple[int, str], ...]] = {
    # DL 1086 (2008) worker bands; 250 between medium and large: international convention
    "PE": ((10, "micro"), (100, "small"), (250, "medium")),
    # BPS industry classes: micro 1-4, small 5-19, medium 20-99, large 100+
    "ID": ((4, "micro"), (19, "small"), (99, "medium")),
}
SIZE_CONVENTIONS = {
    "PE": N_("By workers, bands of DL 1086 (2008): micro 1-10, small 11-100; medium up to 250 "
             "and large above, an international convention. Peru's legal classes (REMYPE) go "
             "by annual sales."),
    "ID": N_("By workers, classes of Statistics Indonesia (BPS): micro 1-4, small 5-19, medium "
             "20-99, large 100 or more. The legal classes of PP 7/2021 go by annual sales."),
}

#: ISIC Rev. 4 sections of the bundled cases
ISIC_SECTIONS = {
    "A": N_("Agriculture, forestry and fishing"),
    "C": N_("Manufacturing"),
    "H": N_("Transportation and storage"),
    "I": N_("Accommodation and food service activities"),
}
#: (keyword of the English sector or title, ISIC section), first match wins
ISIC_RULES = (
    ("hotel", "I"), ("restaurant", "I"), ("agro", "A"), ("asparagus", "A"), ("farm", "A"),
    ("bakery", "C"), ("garment", "C"), ("furniture", "C"), ("food", "C"), ("docker", "H"),
    ("cargo", "H"), ("porter", "H"),
)
#: sectors derived for the sources whose manifest has none (keyword of the id or title)
DERIVED_SECTORS = (
    ("garment", N_("Garment manufacturing")),
    ("furniture", N_("Furniture manufacturing")),
    ("food", N_("Food processing")),
    ("docker", N_("Loading and carrying at a wholesale market")),
)
PROVINCES = {"dki_jakarta": "DKI Jakarta"}

# headers (display)
HEADERS = {
    "id": N_("Code"),
    "title": N_("Case study"),
    "labs": N_("Labs"),
    "modules": N_("Modules"),
    "country": N_("Country"),
    "region": N_("Region"),
    "sector": N_("Sector"),
    "isic_section": N_("ISIC section"),
    "sector_group": N_("Sector group (ISIC)"),
    "size": N_("Size (by workers)"),
    "legal_size": N_("Legal size class"),
    "workers": N_("Workers"),
    "description": N_("Description"),
    "learning_points": N_("What it teaches"),
    "synthetic": N_("Synthetic data"),
}
T_YES = N_("yes")
T_NO = N_("no")
#: workforce sentence of the SCORE enterprises (msgid shared with the SCORE lab)
T_WORKFORCE = N_("{workers} workers: {women} women ({share} %) and {men} men.")


# --------------------------------------------------------------------------------------
# classes
# --------------------------------------------------------------------------------------
def size_class(workers, country: str) -> str:
    """``"micro"``, ``"small"``, ``"medium"`` or ``"large"`` by number of workers with the
    country's convention (:data:`SIZE_BANDS`); ``""`` for an unknown country or no workers."""
    bands = SIZE_BANDS.get(str(country).upper())
    try:
        n = int(workers)
    except (TypeError, ValueError):
        return ""
    if not bands or n < 1:
        return ""
    for upper, name in bands:
        if n <= upper:
            return name
    return "large"


def isic_section(*texts: str) -> str:
    """The ISIC section (``"A"``, ``"C"``, ``"H"``, ``"I"``) matching the first keyword of
    :data:`ISIC_RULES` found in ``texts`` (English), else ``""``."""
    haystack = " ".join(str(t) for t in texts if t).lower()
    for keyword, section in ISIC_RULES:
        if keyword in haystack:
            return section
    return ""


def _derived_sector(*texts: str) -> str:
    haystack = " ".join(str(t) for t in texts if t).lower()
    for keyword, msgid in DERIVED_SECTORS:
        if keyword in haystack:
            return msgid
    return ""


def _text(value, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or next(iter(value.values()), ""))
    return "" if value is None else str(value)


# --------------------------------------------------------------------------------------
# sources
# --------------------------------------------------------------------------------------
def _peru_registers(lang: str) -> list[dict]:
    from .casestudies import list_case_studies, manifest

    entries = {e["id"]: e for e in manifest().get("case_studies") or []}
    rows = []
    for case in list_case_studies(lang).to_dict("records"):
        entry = entries.get(case["id"], {})
        english = _text(entry.get("sector"), "en")
        regime = str(entry.get("regime") or "")
        rows.append({
            "id": case["id"], "title": case["title"], "labs": PERU_LABS, "modules": PERU_MODULES,
            "country": "PE", "region": case["region"], "sector": case["sector"],
            "isic_section": entry.get("isic_section") or isic_section(english, _text(entry.get("title"), "en")),
            "size": size_class(case["workers"], "PE"),
            "legal_size": regime if regime in SIZES else "",
            "workers": int(case["workers"]), "description": case["description"],
            "learning_points": list(case["learning_points"]), "synthetic": bool(case["synthetic"]),
        })
    return rows


def _enterprises(lang: str) -> list[dict]:
    from .casestudies import manifest
    from .productivity import enterprise_case_studies

    t = translator(lang)
    english = enterprise_case_studies("en").set_index("id")
    entries = {e["id"]: e for e in manifest().get("enterprises") or []}
    rows = []
    for case in enterprise_case_studies(lang).to_dict("records"):
        entry = entries.get(case["id"], {})
        en = english.loc[case["id"]]
        women, men, workers = case["women"], case["men"], int(case["workers"])
        description = case["sector"]
        if pd.notna(women) and pd.notna(men):
            description = f"{case['sector']}. " + t(
                T_WORKFORCE, workers=workers, women=int(women), men=int(men),
                share=t.number(100 * float(case["women_share"]), 0))
        province = case["province"] or ""
        rows.append({
            "id": case["id"], "title": case["title"], "labs": ("score_productivity",),
            "modules": ("productivity",), "country": str(entry.get("country") or "ID"),
            "region": PROVINCES.get(province, province), "sector": case["sector"],
            "isic_section": entry.get("isic_section") or isic_section(en["sector"], en["title"]),
            "size": size_class(workers, "ID"),
            "legal_size": case["size"] if case["size"] in SIZES else "",
            "workers": workers, "description": description,
            "learning_points": list(case["learning_points"]), "synthetic": bool(case["synthetic"]),
        })
    return rows


def _staff_tables(lang: str) -> list[dict]:
    from .gender.staff import staff_cases

    t = translator(lang)
    english = staff_cases("en").set_index("id")
    rows = []
    for case in staff_cases(lang).to_dict("records"):
        en_title = english.loc[case["id"], "title"] if case["id"] in english.index else ""
        sector = _derived_sector(case["id"], en_title)
        rows.append({
            "id": case["id"], "title": case["title"], "labs": ("gender_equality",),
            "modules": ("gender",), "country": "ID", "region": case["region"],
            "sector": t(sector) if sector else "",
            "isic_section": isic_section(case["id"], en_title),
            "size": size_class(case["workers"], "ID"), "legal_size": "",
            "workers": int(case["workers"]), "description": case["description"],
            "learning_points": list(case["learning_points"]), "synthetic": bool(case["synthetic"]),
        })
    return rows


@lru_cache(maxsize=2)
def _yaml_cached(path: str, mtime: float) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def _count_rows(path) -> int:
    with open(path, encoding="utf-8") as fh:
        return max(sum(1 for line in fh if line.strip()) - 1, 0)


def _dockers(lang: str) -> list[dict]:
    if not MICROINSURANCE_MANIFEST.is_file():
        return []
    t = translator(lang)
    data = _yaml_cached(str(MICROINSURANCE_MANIFEST), MICROINSURANCE_MANIFEST.stat().st_mtime)
    rows = []
    for case in data.get("cases") or []:
        path = MICROINSURANCE_MANIFEST.parent / str(case.get("file", ""))
        workers = case.get("rows")
        if workers is None and path.is_file():
            workers = _count_rows(path)
        en_title = _text(case.get("title"), "en")
        derived = _derived_sector(en_title, case["id"])
        sector = _text(case.get("sector"), lang) or (t(derived) if derived else "")
        rows.append({
            "id": case["id"], "title": _text(case.get("title"), lang),
            "labs": ("microinsurance_viability",), "modules": ("microinsurance",),
            "country": str(case.get("country") or "PE"), "region": str(case.get("region") or ""),
            "sector": sector,
            "isic_section": case.get("isic_section") or isic_section(en_title, case["id"]),
            "size": "", "legal_size": "", "workers": int(workers or 0),
            "description": _text(case.get("description"), lang),
            "learning_points": [_text(p, lang) for p in case.get("learning_points") or []],
            "synthetic": bool(case.get("synthetic", False)),
        })
    return rows


# --------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------
def catalogue(lang: str | None = None) -> pd.DataFrame:
    """Every bundled case study, one row each (texts in ``lang``, English fallback):

    ``id``; ``title``; ``labs`` and ``modules`` (tuples: a Peruvian register serves the payroll
    and the cash-to-digital labs); ``country`` (ISO code ``PE``/``ID``); ``region``; ``sector``
    (the case's words); ``isic_section`` and ``sector_group`` (ISIC Rev. 4 section, translated);
    ``size`` (``micro``/``small``/``medium``/``large`` by workers, see the module doc; empty
    for a group of own-account workers); ``legal_size`` (the legal class the case declares,
    by sales, or empty); ``workers``; ``description``; ``learning_points`` (list);
    ``synthetic``."""
    lang = normalize_lang(lang)
    t = translator(lang)
    rows = _peru_registers(lang) + _enterprises(lang) + _staff_tables(lang) + _dockers(lang)
    frame = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "sector_group"])
    frame.insert(COLUMNS.index("sector_group"), "sector_group",
                 [t(ISIC_SECTIONS[s]) if s in ISIC_SECTIONS else "" for s in frame["isic_section"]])
    frame["workers"] = frame["workers"].astype("int64")
    frame["synthetic"] = frame["synthetic"].astype(bool)
    return frame


def _fold(text) -> str:
    """Lower case without accents: "Perú" and "peru" compare equal."""
    decomposed = unicodedata.normalize("NFKD", str(text).strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _wanted(value) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        value = [value]
    return [_fold(v) for v in value]


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Every spelling of a country (code, and its name in every language) -> code."""
    out = {}
    for code, msgid in COUNTRY_NAMES.items():
        out[_fold(code)] = code
        for lang in LANGUAGES:
            out[_fold(translator(lang)(msgid))] = code
    return out


def filter_catalogue(frame: pd.DataFrame, country=None, sector=None, size=None, module=None,
                     lab=None) -> pd.DataFrame:
    """The rows of ``frame`` (a :func:`catalogue`) matching every filter given; each filter
    is one value or a list of values (any of them):

    - ``country``: ``"PE"``/``"ID"`` or the country's name in any language ("Perú");
    - ``sector``: an ISIC section letter (``"C"``), or words found in the case's sector or
      its sector group, in the catalogue's language ("hotel", "Manufactura");
    - ``size``: ``micro``, ``small``, ``medium``, ``large``;
    - ``module``: ``payroll``, ``digitization``, ``productivity``, ``gender``,
      ``microinsurance``; ``lab``: a lab id (``"cash_to_digital"``).
    Case-insensitive; ``None`` leaves a dimension unfiltered."""
    keep = pd.Series(True, index=frame.index)
    wanted = _wanted(country)
    if wanted is not None:
        names = _country_names()
        codes = {names.get(w, w.upper()) for w in wanted}
        keep &= frame["country"].astype("str").str.upper().isin(codes)
    wanted = _wanted(sector)
    if wanted is not None:
        sections = frame["isic_section"].astype("str").str.lower()
        text = (frame["sector"].astype("str") + " | " + frame["sector_group"].astype("str")).map(_fold)
        hit = pd.Series(False, index=frame.index)
        for w in wanted:
            hit |= sections.eq(w) if len(w) == 1 else text.str.contains(w, regex=False)
        keep &= hit
    wanted = _wanted(size)
    if wanted is not None:
        keep &= frame["size"].map(_fold).isin(wanted)
    for column, value in (("modules", module), ("labs", lab)):
        wanted = _wanted(value)
        if wanted is not None:
            keep &= frame[column].map(lambda items, w=set(wanted): any(_fold(i) in w for i in items))
    return frame[keep].reset_index(drop=True)


def catalogue_headers(lang: str | None = None) -> dict[str, str]:
    """``{column: translated header}`` for every column of :func:`catalogue`."""
    t = translator(normalize_lang(lang))
    return {column: t(HEADERS[column]) for column in COLUMNS}


DISPLAY_COLUMNS = ("title", "country", "region", "sector", "size", "workers", "modules", "labs",
                   "description", "learning_points", "synthetic", "id")


def catalogue_display(frame: pd.DataFrame, lang: str | None = None,
                      columns: Iterable[str] = DISPLAY_COLUMNS) -> pd.DataFrame:
    """``frame`` ready to show or download: codes turned into words in ``lang`` (countries,
    sizes, modules, labs, yes/no), labs and modules joined with "; ", learning points with
    " · ", headers translated."""
    lang = normalize_lang(lang)
    t = translator(lang)
    out = frame.copy()
    out["country"] = out["country"].map(lambda c: t(COUNTRY_NAMES[c]) if c in COUNTRY_NAMES else c)
    for column in ("size", "legal_size"):
        out[column] = out[column].map(
            lambda s: t(SIZE_NAMES[s]) if s in SIZE_NAMES else ("" if column == "legal_size"
                                                                else t(T_NOT_AN_ENTERPRISE)))
    out["modules"] = out["modules"].map(lambda ms: "; ".join(t(MODULE_NAMES.get(m, m)) for m in ms))
    out["labs"] = out["labs"].map(lambda ls: "; ".join(t(LAB_NAMES.get(x, x)) for x in ls))
    out["learning_points"] = out["learning_points"].map(lambda ps: " · ".join(ps))
    out["synthetic"] = out["synthetic"].map(lambda b: t(T_YES) if b else t(T_NO))
    columns = list(columns)
    headers = catalogue_headers(lang)
    return out[columns].rename(columns={c: headers[c] for c in columns})


def case_title(case_id: str, lang: str | None = None) -> str:
    """The title of a bundled case study in ``lang`` (the id itself when unknown)."""
    frame = catalogue(lang)
    match = frame.loc[frame["id"] == case_id, "title"]
    return str(match.iloc[0]) if len(match) else str(case_id)


def size_convention(country: str, lang: str | None = None) -> str:
    """How the catalogue sizes enterprises of ``country`` (a sentence in ``lang``)."""
    msgid = SIZE_CONVENTIONS.get(str(country).upper())
    return translator(normalize_lang(lang))(msgid) if msgid else ""


__all__ = ["COLUMNS", "COUNTRY_NAMES", "DISPLAY_COLUMNS", "HEADERS", "ISIC_SECTIONS", "LAB_NAMES",
           "MODULES", "MODULE_NAMES", "SIZES", "SIZE_BANDS", "SIZE_NAMES", "case_title",
           "catalogue", "catalogue_display", "catalogue_headers", "filter_catalogue",
           "isic_section", "size_class", "size_convention"]
