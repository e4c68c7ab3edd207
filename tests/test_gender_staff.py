"""Reading staff tables (CSV/Excel, English/Spanish/Indonesian headers) and the bundled cases."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from modules.gender import (STAFF_COLUMN_NAMES, StaffError, check_staff, load_staff,
                            staff_case_studies)

ID_CSV = """kode;jenis kelamin;jabatan;golongan;masa kerja;jam kerja;gaji;pelatihan;promosi
G1;perempuan;operator jahit;1;2,5;40;Rp5.450.000;ya;tidak
G2;laki-laki;mekanik;3;4;40;7.200.000;tidak;ya
G3;X;operator jahit;1;1;70;abc;mungkin;tidak
"""


def test_indonesian_semicolon_file():
    staff, problems = load_staff(ID_CSV.encode("utf-8"), lang="id")
    assert list(staff.columns) == list(STAFF_COLUMN_NAMES)
    assert list(staff.index) == [1, 2, 3]
    assert staff["sex"].tolist()[:2] == ["F", "M"]
    assert staff.loc[1, "monthly_pay"] == 5_450_000 and staff.loc[2, "monthly_pay"] == 7_200_000
    assert staff.loc[1, "tenure_years"] == 2.5
    assert staff["trained_last_year"].tolist() == [True, False, False]
    assert staff["promoted_last_year"].tolist() == [False, True, False]
    row3 = problems[problems["row"] == 3]
    assert set(row3["field"]) == {"sex", "monthly_pay", "trained_last_year", "weekly_hours"}
    assert row3.set_index("field").loc["sex", "message"].startswith('"X" bukan jenis kelamin')
    assert (problems["row"] != 1).all() and (problems["row"] != 2).all()


def test_excel_with_english_headers_and_comma_thousands():
    frame = pd.DataFrame({"Sex": ["F", "M"], "Role": ["packer", "packer"],
                          "Monthly pay (IDR)": ["5,420,000", "5,600,000"], "Weekly hours": [40, 40]})
    buf = io.BytesIO()
    frame.to_excel(buf, index=False)
    staff, problems = load_staff(buf.getvalue(), lang="en")
    assert staff["monthly_pay"].tolist() == [5_420_000, 5_600_000]
    assert problems.empty


def test_unreadable_files_raise_translated_errors():
    with pytest.raises(StaffError, match="kosong"):
        load_staff(b"   ", lang="id")
    with pytest.raises(StaffError) as err:
        load_staff(b"sexo,cargo\nF,costurera\n", lang="es")
    assert err.value.msgid.startswith("This file has no column for")
    assert "Remuneración mensual" in str(err.value)
    with pytest.raises(StaffError, match="no se encontró|No se encontró"):
        load_staff("/nonexistent/staff.csv", lang="es")


def test_check_staff_on_a_frame():
    staff = pd.DataFrame({"sex": ["F", None], "role": ["a", "b"], "monthly_pay": [0.0, 10.0],
                          "tenure_years": [-1.0, 1.0]}, index=[1, 2])
    problems = check_staff(staff, lang="en")
    assert set(zip(problems["row"], problems["field"])) == {
        (1, "monthly_pay"), (1, "tenure_years"), (2, "sex")}


@pytest.mark.parametrize("case, size, women", [("id_garment", 120, (0.65, 0.75)),
                                               ("id_furniture", 30, (0.1, 0.4)),
                                               ("id_food", 50, (0.45, 0.7))])
def test_bundled_cases_are_clean(case, size, women):
    from modules.gender.staff import DATASETS_DIR
    assert case in staff_case_studies()
    staff, problems = load_staff(DATASETS_DIR / f"{case}.csv", lang="en")
    assert len(staff) == size and problems.empty
    assert women[0] <= (staff["sex"] == "F").mean() <= women[1]
    assert (staff["monthly_pay"] >= 5_396_761 * staff["weekly_hours"] / 40 - 1).all()
