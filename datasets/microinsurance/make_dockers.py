"""Generate the synthetic dockers of Lima's Gran Mercado Mayorista (micro-insurance lab).

    python datasets/microinsurance/make_dockers.py

Deterministic (fixed seed): running it again writes the same file byte for byte. Every
docker is invented. The figures follow the sources of
``modules/microinsurance/params/population.yaml``: about 1,000 dockers and handcart
carriers (El Comercio 2018); union dockers charge S/ 2 to 2.50 a sack, outside loaders
about S/ 1 (Ojo 2018); a day's pay of about S/ 40 (El Comercio 2017). Sacks a day, days a
month, ages, union membership, health cover and who enrols are illustrative.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE / "pe_lima_dockers.csv"
SEED = 20190601
N = 1000


def make(seed: int = SEED, n: int = N) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    age = np.clip(np.round(rng.normal(38, 10, n)), 18, 66).astype(int)
    sex = np.where(rng.random(n) < 0.02, "F", "M")
    role = np.where(rng.random(n) < 0.75, "estibador", "carretillero")
    union = rng.random(n) < 0.45
    # union rate S/ 1.80-2.50, outside loaders S/ 0.80-1.30 (Ojo 2018), in 10-centimo steps
    pay = np.where(union, rng.uniform(1.8, 2.5, n), rng.uniform(0.8, 1.3, n)).round(1)
    # sacks a day: lognormal, mean 30, CV 30 %; fewer after 50; handcarts move more sacks
    sigma = np.sqrt(np.log1p(0.3 ** 2))
    sacks = np.exp(np.log(30) - sigma ** 2 / 2 + sigma * rng.standard_normal(n))
    sacks *= np.where(age > 50, 0.8, 1.0) * np.where(role == "carretillero", 1.15, 1.0)
    sacks = np.clip(np.round(sacks), 6, 120).astype(int)
    days = np.clip(np.round(rng.normal(22, 3, n)), 8, 30).astype(int)
    years = np.minimum(age - 16, np.round(rng.gamma(2.0, 5.0, n))).astype(int)
    cover = rng.choice(["SIS", "none", "EsSalud"], size=n, p=[0.55, 0.40, 0.05])
    enrolled = rng.random(n) < np.where(union, 0.55, 0.28)
    frame = pd.DataFrame({
        "member_id": [f"D{i + 1:04d}" for i in range(n)],
        "age": age, "sex": sex, "role": role, "union_member": union,
        "years_in_market": years, "pay_per_sack": pay, "sacks_per_day": sacks,
        "days_per_month": days, "health_cover": cover, "enrolled": enrolled,
    })
    return frame


def main() -> None:
    frame = make()
    frame.to_csv(OUT, index=False, float_format="%.2f", lineterminator="\n")
    income = frame.pay_per_sack * frame.sacks_per_day * frame.days_per_month
    print(f"wrote {OUT.name}: {len(frame)} dockers, mean monthly income S/ {income.mean():,.0f}, "
          f"enrolled {frame.enrolled.mean():.0%}, mean age {frame.age.mean():.1f}")


if __name__ == "__main__":
    main()
