"""Generate the synthetic Indonesian staff tables of the gender-equality lab.

    python datasets/staff/make_staff.py

Deterministic (fixed seeds). Every enterprise is invented; pay is illustrative, floored at
the DKI Jakarta provincial minimum wage 2025 (Rp5,396,761, Permenaker 16/2024) for full-time
work. The women's pay penalty within equal roles (``penalty``) is the "unexplained" gap the
lab should find; the raw gap is larger because women hold the lower-paid roles.

``manifest.yaml`` describes each table in Bahasa Indonesia, English and Spanish; its learning
points quote figures of these tables (garment: raw gap about 22 %, adjusted about 6 %, 73 %
women; furniture: 7 women, adjusted gap indistinguishable from 0; food: raw gap about 11 %).
``tests/test_widgets_gender.py`` checks them against the model: after changing a plan or a
seed here, run it and update the manifest's texts.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
UMP_JAKARTA_2025 = 5_396_761

# role, grade, headcount, share of women, base pay (IDR), pay rise per year of service,
# trained rate, promoted rate
GARMENT = [
    ("sewing operator", "1", 62, 0.92, 5_450_000, 0.010, 0.30, 0.04),
    ("sewing operator", "2", 16, 0.80, 5_900_000, 0.010, 0.40, 0.06),
    ("cutter", "2", 10, 0.20, 6_000_000, 0.010, 0.35, 0.08),
    ("quality checker", "2", 10, 0.80, 5_850_000, 0.010, 0.40, 0.06),
    ("mechanic", "3", 6, 0.0, 7_200_000, 0.015, 0.50, 0.10),
    ("line supervisor", "3", 8, 0.50, 7_600_000, 0.015, 0.50, 0.12),
    ("admin", "2", 4, 0.75, 6_100_000, 0.010, 0.30, 0.05),
    ("manager", "4", 4, 0.25, 12_500_000, 0.020, 0.60, 0.10),
]
FURNITURE = [
    ("carpenter", "2", 12, 0.0, 5_900_000, 0.012, 0.25, 0.08),
    ("carver", "3", 5, 0.2, 6_800_000, 0.015, 0.20, 0.05),
    ("finishing", "1", 7, 0.57, 5_400_000, 0.010, 0.15, 0.05),
    ("helper", "1", 3, 0.0, 5_400_000, 0.005, 0.10, 0.05),
    ("admin", "2", 2, 1.0, 5_800_000, 0.010, 0.20, 0.0),
    ("owner-manager", "4", 1, 0.0, 11_000_000, 0.0, 0.0, 0.0),
]
FOOD = [
    ("packer", "1", 20, 0.85, 5_420_000, 0.008, 0.30, 0.05),
    ("processing operator", "2", 12, 0.5, 5_900_000, 0.010, 0.40, 0.08),
    ("warehouse and driver", "2", 6, 0.0, 6_000_000, 0.010, 0.20, 0.05),
    ("quality and hygiene", "3", 5, 0.6, 6_900_000, 0.012, 0.60, 0.10),
    ("supervisor", "3", 4, 0.5, 7_800_000, 0.015, 0.50, 0.10),
    ("admin", "2", 2, 1.0, 6_000_000, 0.010, 0.30, 0.0),
    ("manager", "4", 1, 0.0, 12_000_000, 0.0, 0.5, 0.0),
]


def make(plan, prefix: str, penalty: float, train_gap: float, promo_gap: float,
         seed: int, part_time_women: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parts = []
    for role, grade, n, women_share, base, per_year, trained, promoted in plan:
        women = int(round(n * women_share))
        sex = np.array(["F"] * women + ["M"] * (n - women))
        rng.shuffle(sex)
        is_w = sex == "F"
        tenure = np.round(rng.gamma(2.0, 2.2, n).clip(0.2, 25), 1)
        hours = np.where(is_w & (rng.random(n) < part_time_women), 30.0, 40.0)
        noise = rng.normal(0, 0.04, n)
        pay = base * np.exp(per_year * tenure + noise - penalty * is_w) * hours / 40
        floor = UMP_JAKARTA_2025 * hours / 40
        pay = np.round(np.maximum(pay, floor) / 1000) * 1000
        p_train = np.clip(trained - train_gap * is_w, 0, 1)
        p_promo = np.clip(promoted - promo_gap * is_w, 0, 1)
        parts.append(pd.DataFrame({
            "sex": sex, "role": role, "grade": grade, "tenure_years": tenure,
            "weekly_hours": hours, "monthly_pay": pay,
            "trained_last_year": rng.random(n) < p_train,
            "promoted_last_year": rng.random(n) < p_promo,
        }))
    staff = pd.concat(parts, ignore_index=True)
    staff = staff.sample(frac=1, random_state=seed).reset_index(drop=True)
    staff.insert(0, "worker_id", [f"{prefix}{i:03d}" for i in range(1, len(staff) + 1)])
    staff["trained_last_year"] = np.where(staff["trained_last_year"], "yes", "no")
    staff["promoted_last_year"] = np.where(staff["promoted_last_year"], "yes", "no")
    return staff


def main() -> None:
    make(GARMENT, "G", penalty=0.07, train_gap=0.12, promo_gap=0.03, seed=41,
         part_time_women=0.0).to_csv(HERE / "id_garment.csv", index=False)
    make(FURNITURE, "F", penalty=0.05, train_gap=0.10, promo_gap=0.03, seed=42
         ).to_csv(HERE / "id_furniture.csv", index=False)
    make(FOOD, "P", penalty=0.03, train_gap=0.05, promo_gap=0.02, seed=43,
         part_time_women=0.1).to_csv(HERE / "id_food.csv", index=False)


if __name__ == "__main__":
    main()
