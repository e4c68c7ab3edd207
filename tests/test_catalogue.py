"""The case-study catalogue across labs (modules/catalogue.py): every bundled case once, with
its labs, modules, country, sector and size; filters on each dimension; translated display."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from modules import catalogue as cat
from modules.casestudies import load_case_study
from modules.catalogue import (catalogue, catalogue_display, catalogue_headers, filter_catalogue,
                               size_class)
from modules.gender import load_staff_case
from modules.productivity import load_enterprise_case

DATASETS = Path(__file__).resolve().parents[1] / "datasets"


def _yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def _bundled() -> dict[str, list[str]]:
    """Module -> ids of its bundled cases, read straight from the manifests."""
    main = _yaml(DATASETS / "manifest.yaml")
    peru = [e["id"] for e in main["case_studies"]]
    staff = [e["id"] for e in _yaml(DATASETS / "staff" / "manifest.yaml")["staff_tables"]
             if (DATASETS / "staff" / e["file"]).is_file()]
    micro = DATASETS / "microinsurance" / "manifest.yaml"
    return {
        "payroll": peru, "digitization": peru,
        "productivity": [e["id"] for e in main["enterprises"]],
        "gender": staff,
        "microinsurance": [c["id"] for c in _yaml(micro)["cases"]] if micro.is_file() else [],
    }


@pytest.fixture(scope="module")
def frame():
    return catalogue("en")


def _ids(frame) -> set[str]:
    return set(frame["id"])


# ------------------------------------------------------------------ contents
def test_every_bundled_case_appears_once(frame):
    bundled = _bundled()
    expected = set().union(*bundled.values())
    assert frame["id"].is_unique
    assert _ids(frame) == expected
    assert list(frame.columns) == list(cat.COLUMNS)
    assert frame["synthetic"].all()  # every bundled case is invented


def test_counts_per_module_follow_the_manifests(frame):
    counts = frame["modules"].explode().value_counts()
    for module, ids in _bundled().items():
        assert counts.get(module, 0) == len(ids), module
    assert set(counts.index) <= set(cat.MODULES)
    labs = frame["labs"].explode().value_counts()
    assert labs["payroll_digital"] == labs["cash_to_digital"] == len(_bundled()["payroll"])
    assert labs["gender_equality"] == len(_bundled()["gender"])


def test_workers_and_texts_come_from_each_lab(frame):
    row = frame.set_index("id")
    bakery = load_case_study("pe_cusco_bakery", "en")
    assert row.at["pe_cusco_bakery", "workers"] == len(bakery.workers)
    assert row.at["pe_cusco_bakery", "title"] == bakery.title
    assert row.at["pe_cusco_bakery", "learning_points"] == bakery.learning_points
    garment = load_enterprise_case("id_jakarta_garment", "en")
    assert row.at["id_jakarta_garment", "workers"] == garment.workforce["workers"]
    assert row.at["id_jakarta_garment", "region"] == "DKI Jakarta"
    assert "88 women" in row.at["id_jakarta_garment", "description"]
    assert row.at["id_garment", "workers"] == len(load_staff_case("id_garment"))
    if "pe_lima_dockers" in row.index:
        table = pd.read_csv(DATASETS / "microinsurance" / "pe_lima_dockers.csv")
        assert row.at["pe_lima_dockers", "workers"] == len(table)
        assert row.at["pe_lima_dockers", "country"] == "PE"


def test_texts_follow_the_language_with_english_fallback():
    main = _yaml(DATASETS / "manifest.yaml")
    bakery = next(e for e in main["case_studies"] if e["id"] == "pe_cusco_bakery")
    es = catalogue("es").set_index("id")
    ind = catalogue("id").set_index("id")
    assert es.at["pe_cusco_bakery", "title"] == bakery["title"]["es"]
    assert es.at["pe_cusco_bakery", "sector"] == bakery["sector"]["es"]
    assert ind.at["pe_cusco_bakery", "title"] == bakery["title"]["en"]  # no Indonesian text
    staff = next(e for e in _yaml(DATASETS / "staff" / "manifest.yaml")["staff_tables"]
                 if e["id"] == "id_garment")
    assert ind.at["id_garment", "title"] == staff["title"]["id"]
    assert ind.at["id_garment", "sector"] == "Industri pakaian jadi"  # derived, translated
    assert es.at["id_jakarta_garment", "sector_group"] == "Industrias manufactureras"


# ------------------------------------------------------------------ size classes
@pytest.mark.parametrize("workers,country,size", [
    (1, "PE", "micro"), (8, "PE", "micro"), (10, "PE", "micro"), (11, "PE", "small"),
    (100, "PE", "small"), (101, "PE", "medium"), (250, "PE", "medium"), (251, "PE", "large"),
    (4, "ID", "micro"), (5, "ID", "small"), (19, "ID", "small"), (20, "ID", "medium"),
    (99, "ID", "medium"), (100, "ID", "large"), (120, "id", "large"),
    (50, "BR", ""), (0, "PE", ""), (None, "PE", ""),
])
def test_size_classes_by_hand(workers, country, size):
    assert size_class(workers, country) == size


def test_size_of_the_bundled_cases(frame):
    row = frame.set_index("id")
    # Peru: 8 workers is micro, 25 and 60 are small, as their REMYPE regime
    assert row.loc[["pe_cusco_bakery", "pe_cusco_hotel", "pe_lalibertad_agroexport"], "size"].tolist() \
        == ["micro", "small", "small"]
    assert row.at["pe_cusco_bakery", "legal_size"] == "micro"
    # Indonesia: BPS counts 120 workers as large, though PP 7/2021 (sales) says medium
    assert row.at["id_jakarta_garment", "size"] == "large"
    assert row.at["id_jakarta_garment", "legal_size"] == "medium"
    assert row.at["id_furniture", "size"] == "medium" and row.at["id_furniture", "workers"] == 30
    if "pe_lima_dockers" in row.index:  # own-account workers, not an enterprise
        assert row.at["pe_lima_dockers", "size"] == ""


# ------------------------------------------------------------------ filters
def test_filter_by_country(frame):
    peru = filter_catalogue(frame, country="PE")
    assert _ids(peru) == set(frame.loc[frame["country"] == "PE", "id"])
    assert {"pe_cusco_bakery", "pe_cusco_hotel", "pe_lalibertad_agroexport"} <= _ids(peru)
    assert _ids(filter_catalogue(frame, country="Perú")) == _ids(peru)
    assert _ids(filter_catalogue(frame, country="pe")) == _ids(peru)
    indonesia = filter_catalogue(frame, country="Indonesia")
    assert _ids(indonesia) == set(_bundled()["productivity"]) | set(_bundled()["gender"])
    assert _ids(filter_catalogue(frame, country=["PE", "ID"])) == _ids(frame)


def test_filter_by_sector(frame):
    manufacturing = filter_catalogue(frame, sector="C")
    assert "pe_cusco_bakery" in _ids(manufacturing) and "pe_cusco_hotel" not in _ids(manufacturing)
    assert set(_bundled()["productivity"]) <= _ids(manufacturing)
    assert _ids(filter_catalogue(frame, sector="hotel")) == {"pe_cusco_hotel"}
    assert _ids(filter_catalogue(frame, sector="garment")) == {"id_jakarta_garment", "id_garment"}
    es = catalogue("es")
    assert _ids(filter_catalogue(es, sector="manufacturer")) == _ids(manufacturing)  # "manufactureras"
    assert _ids(filter_catalogue(es, sector="panaderia")) == {"pe_cusco_bakery"}  # accents ignored
    assert _ids(filter_catalogue(frame, sector=["A", "I"])) == {"pe_lalibertad_agroexport", "pe_cusco_hotel"}


def test_filter_by_size(frame):
    assert _ids(filter_catalogue(frame, size="micro")) == {"pe_cusco_bakery"}
    assert _ids(filter_catalogue(frame, size="large")) == {"id_jakarta_garment", "id_garment"}
    medium = filter_catalogue(frame, size="medium")
    assert _ids(medium) == set(frame.loc[frame["size"] == "medium", "id"])
    assert (medium["country"] == "ID").all() and len(medium) == 4
    assert len(filter_catalogue(frame, size=["micro", "small"])) == 3


def test_filter_by_module_and_lab(frame):
    assert _ids(filter_catalogue(frame, module="gender")) == set(_bundled()["gender"])
    assert _ids(filter_catalogue(frame, module="payroll")) == set(_bundled()["payroll"])
    assert _ids(filter_catalogue(frame, lab="cash_to_digital")) == set(_bundled()["digitization"])
    assert _ids(filter_catalogue(frame, module=["gender", "productivity"])) == \
        set(_bundled()["gender"]) | set(_bundled()["productivity"])


def test_filters_combine_and_may_find_nothing(frame):
    small_peru = filter_catalogue(frame, country="PE", module="payroll", size="small")
    assert _ids(small_peru) == {"pe_cusco_hotel", "pe_lalibertad_agroexport"}
    assert list(small_peru.index) == [0, 1]
    none = filter_catalogue(frame, country="PE", module="gender")
    assert none.empty and list(none.columns) == list(frame.columns)
    assert filter_catalogue(frame).equals(frame)


def test_the_catalogue_works_without_the_microinsurance_manifest(monkeypatch, tmp_path):
    with_dockers = catalogue("en")
    monkeypatch.setattr(cat, "MICROINSURANCE_MANIFEST", tmp_path / "missing.yaml")
    without = catalogue("en")
    assert "microinsurance" not in set(without["modules"].explode())
    assert _ids(without) == _ids(with_dockers) - set(_bundled()["microinsurance"])


# ------------------------------------------------------------------ display
def test_translated_headers():
    es, ind, en = catalogue_headers("es"), catalogue_headers("id"), catalogue_headers("en")
    assert set(es) == set(cat.COLUMNS)
    assert es["country"] == "País" and es["size"] == "Tamaño (por trabajadores)"
    assert es["learning_points"] == "Qué enseña" and es["workers"] == "Trabajadores"
    assert ind["workers"] == "Pekerja" and ind["sector"] == "Sektor" and ind["id"] == "Kode"
    assert en["size"] == "Size (by workers)" and en["id"] == "Code"


def test_display_turns_codes_into_words():
    frame = catalogue("es")
    shown = catalogue_display(frame, "es")
    headers = catalogue_headers("es")
    assert list(shown.columns) == [headers[c] for c in cat.DISPLAY_COLUMNS]
    row = shown.set_index(headers["id"])
    assert row.at["pe_cusco_hotel", "País"] == "Perú"
    assert row.at["pe_cusco_hotel", "Tamaño (por trabajadores)"] == "pequeña"
    assert row.at["pe_cusco_hotel", "Datos sintéticos"] == "sí"
    assert row.at["pe_cusco_hotel", "Laboratorios"] == ("Planilla digital y boletas de pago; Sueldos en "
                                                        "efectivo o digitales: costos, ahorros y un plan responsable")
    assert row.at["id_garment", "Módulos"] == "Igualdad de género"
    assert row.at["pe_cusco_bakery", "Qué enseña"] == " · ".join(
        frame.set_index("id").at["pe_cusco_bakery", "learning_points"])
    if "pe_lima_dockers" in row.index:
        assert row.at["pe_lima_dockers", "Tamaño (por trabajadores)"] == "no es una empresa"
    assert frame["size"].iloc[0] == "micro"  # the catalogue itself is untouched


def test_the_size_convention_is_stated_per_country():
    assert "DL 1086" in cat.size_convention("PE", "es") and "ventas" in cat.size_convention("PE", "es")
    assert "BPS" in cat.size_convention("ID", "id")
    assert cat.size_convention("BR", "en") == ""
