"""The micro-insurance model: API, reproducibility, analytic checks within Monte Carlo error,
agreement with a member-by-member implementation, and translated input errors."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import modules.microinsurance as mi
from modules.inputs import InputError
from modules.microinsurance.model import summary_table

#: a population with every mechanism at work: renewal and joining, seasons, small enough
#: for quick tests
POP = {"members": 300, "enrolment_pct": 60, "renewal_pct": 70, "new_enrolment_pct": 20,
       "seasonality_pct": 20, "peak_month": 12}


@pytest.fixture(scope="module")
def default_result():
    return mi.simulate(years=3, runs=3000, seed=5)


def test_result_tables_have_the_documented_shape(default_result):
    res = default_result
    assert list(res.summary.columns) == list(mi.SUMMARY_COLUMNS)
    assert list(res.summary.index) == ["product"]
    assert list(res.ratios.columns) == list(mi.RUN_COLUMNS)
    assert len(res.ratios) == 3000 and res.ratios.index.names == ["product", "run"]
    # fund quantiles from month 0 (the initial capital) to month 36, ordered
    f = res.fund.loc["product"]
    assert list(f.index) == list(range(37))
    assert (f.loc[0, ["p5", "p50", "p95"]] == res.products.loc["product", "initial_capital"]).all()
    assert (f["p5"] <= f["p25"]).all() and (f["p25"] <= f["p50"]).all()
    assert (f["p50"] <= f["p75"]).all() and (f["p75"] <= f["p95"]).all()
    assert f["ruined"].is_monotonic_increasing
    assert f["ruined"].iloc[-1] == pytest.approx(res.summary.loc["product", "ruin_probability"])
    assert len(res.monthly) == 36


def test_definitions_of_the_ratios(default_result):
    r = default_result.ratios
    np.testing.assert_allclose(r["claims_ratio"], r["claims"] / r["premium"])
    np.testing.assert_allclose(r["loss_ratio"], (r["claims"] + r["claims_handling"]) / r["premium"])
    np.testing.assert_allclose(r["expense_ratio"], (r["admin"] + r["claims_handling"]) / r["premium"])
    np.testing.assert_allclose(r["combined_ratio"], r["claims_ratio"] + r["expense_ratio"])
    benefits = r[list(mi.BENEFITS)].sum(axis=1)
    np.testing.assert_allclose(r["claims"], benefits)
    capital = default_result.products.loc["product", "initial_capital"]
    np.testing.assert_allclose(r["final_fund"], capital + r["premium"] - r["claims"]
                               - r["claims_handling"] - r["admin"], rtol=1e-10)
    # ruin = the fund below 0 at some month end
    assert ((r["min_fund"] < 0) == r["ruined"]).all()
    assert r.loc[r["ruined"], "ruin_month"].between(1, 36).all()
    assert r.loc[~r["ruined"], "ruin_month"].isna().all()


def test_same_seed_same_results_and_another_seed_differs():
    a = mi.simulate(population=POP, years=2, runs=500, seed=3)
    b = mi.simulate(population=POP, years=2, runs=500, seed=3)
    c = mi.simulate(population=POP, years=2, runs=500, seed=4)
    pd.testing.assert_frame_equal(a.ratios, b.ratios)
    pd.testing.assert_frame_equal(a.fund, b.fund)
    assert not np.allclose(a.ratios["claims"], c.ratios["claims"])


def test_first_runs_do_not_depend_on_how_many_runs_are_asked(monkeypatch):
    monkeypatch.setattr("modules.microinsurance.model.CHUNK_RUNS", 250)
    small = mi.simulate(population=POP, years=1, runs=300, seed=9)
    large = mi.simulate(population=POP, years=1, runs=1000, seed=9)
    pd.testing.assert_frame_equal(small.ratios, large.ratios.iloc[:300])


def test_a_product_gives_the_same_results_alone_and_in_a_comparison():
    designs = {"basic": {"medical_cap": 0, "cover_sickness": False},
               "daily": {"premium_daily": True, "premium_day": 1.0},
               "rich": {"medical_cap": 3000, "death_benefit": 6000}}
    both = mi.compare(designs, population=POP, years=2, runs=400, seed=2)
    for name, product in designs.items():
        alone = mi.simulate(product, population=POP, years=2, runs=400, seed=2, name=name)
        pd.testing.assert_frame_equal(alone.ratios, both.ratios.loc[[name]])
    # common random numbers: the same members and deaths in every design
    deaths = both.ratios["member_months"].unstack(0)
    assert (deaths["basic"] == deaths["rich"]).all()


@pytest.mark.parametrize("product", [
    {},
    {"premium_daily": True, "start_month": 6, "waiting_days": 0, "max_days": 10},
    {"cover_sickness": False, "medical_cap": 200, "claim_cost": 25},
], ids=["default", "daily-june", "no-sickness"])
def test_simulated_means_match_the_closed_form_within_monte_carlo_error(product):
    res = mi.simulate(product, population=POP, years=3, runs=4000, seed=21)
    exp = mi.expected_values(product, POP, years=3)
    for key in ("member_months", "premium", *mi.BENEFITS, "claims", "n_claims",
                "claims_handling", "admin", "final_fund"):
        runs = res.ratios[key].to_numpy(float)
        se = runs.std(ddof=1) / np.sqrt(len(runs))
        assert abs(runs.mean() - exp[key]) <= 4 * se + 1e-6 * abs(exp[key]) + 1e-9, (
            key, runs.mean(), exp[key], se)


def test_closed_form_pieces():
    # capped lognormal: no cap above all costs -> the mean; cap 0 -> 0; CV 0 -> min(mean, cap)
    assert mi.capped_lognormal_mean(300, 120, 1e12) == pytest.approx(300, rel=1e-9)
    assert mi.capped_lognormal_mean(300, 120, 0) == 0
    assert mi.capped_lognormal_mean(300, 0, 200) == 200
    # against a brute-force average of the same lognormal
    rng = np.random.default_rng(0)
    sigma = np.sqrt(np.log1p(1.5 ** 2))
    x = np.exp(np.log(250) - sigma ** 2 / 2 + sigma * rng.standard_normal(2_000_000))
    assert mi.capped_lognormal_mean(250, 150, 1000) == pytest.approx(np.minimum(x, 1000).mean(), rel=5e-3)
    pmf = mi.days_off_pmf(14, 120)
    assert pmf.sum() == pytest.approx(1.0) and (pmf >= 0).all()
    days = np.arange(1, len(pmf) + 1)
    # rounding a lognormal of mean 14 up to whole days adds about half a day
    assert 14.2 < pmf @ days < 14.8
    assert mi.days_off_pmf(10, 0)[9] == 1.0


def test_alias_sampling_reproduces_the_distribution():
    from modules.microinsurance.model import _Alias

    pmf = mi.days_off_pmf(5, 100)
    draws = _Alias(pmf).sample(np.random.default_rng(1), 400_000)
    freq = np.bincount(draws, minlength=len(pmf) + 1)[1:] / len(draws)
    se = np.sqrt(pmf * (1 - pmf) / len(draws))
    assert (np.abs(freq - pmf) <= 5 * se + 1e-12).all()


def test_aggregated_draws_agree_with_a_member_by_member_simulation():
    """Drawing the group's claim counts at once has the same distribution as drawing each
    member: means of independent samples agree within their combined Monte Carlo error."""
    product = {"premium_daily": True, "premium_day": 0.9, "medical_cap": 800, "claim_cost": 12}
    pop = {"members": 120, "enrolment_pct": 50, "renewal_pct": 70, "new_enrolment_pct": 30,
           "seasonality_pct": 25}
    claims = {"accident_rate": 0.6, "sickness_rate": 1.0, "death_rate": 20, "disability_rate": 10}
    vec = mi.simulate(product, pop, claims, years=2, runs=3000, seed=4).ratios
    ref = mi.reference_member_level(product, pop, claims, years=2, runs=400, seed=4)
    for key in ("premium", *mi.BENEFITS, "claims_handling", "admin", "final_fund"):
        a, b = vec[key].to_numpy(float), ref[key].to_numpy(float)
        se = np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
        assert abs(a.mean() - b.mean()) <= 4 * se + 1e-9, (key, a.mean(), b.mean(), se)


def test_capital_needed_keeps_the_probability_of_ruin_at_the_tolerance():
    res = mi.simulate(population=POP, years=2, runs=1000, seed=8)
    needed = res.summary.loc["product", "capital_needed"]
    again = mi.simulate({"initial_capital": needed}, population=POP, years=2, runs=1000, seed=8)
    assert again.summary.loc["product", "ruin_probability"] <= mi.benchmark("ruin_tolerance_pct") / 100
    below = mi.simulate({"initial_capital": max(needed - 1000, 0)}, population=POP, years=2,
                        runs=1000, seed=8)
    assert below.summary.loc["product", "ruin_probability"] > 0


def test_member_table_population(tmp_path):
    table = mi.load_dockers()
    pop = mi.population_from_members(table)
    assert pop.values["members"] == len(table) == 1000
    assert pop.insured_at_start == int(table["enrolled"].sum())
    income = table.pay_per_sack * table.sacks_per_day * table.days_per_month
    assert pop.mean_income == pytest.approx(income.mean())
    res = mi.simulate(population=table, years=1, runs=200, seed=1)
    assert res.summary.loc["product", "members_start"] == table["enrolled"].sum()
    aff = mi.affordability({"premium_month": 20}, table)
    share = 20 / income
    assert aff.summary["members_above_threshold_pct"] == pytest.approx(100 * (share > 0.02).mean())
    assert len(aff.members) == 1000


def test_summary_table_is_translated():
    res = mi.compare({"A": {}, "B": {"premium_month": 25}}, population=POP, years=1, runs=300)
    es = summary_table(res, "es")
    en = summary_table(res, "en")
    assert list(es.columns) == ["A", "B"] and es.shape == en.shape
    assert "Probabilidad de ruina (%)" in es.index and "Probability of ruin (%)" in en.index
    assert es.index.name == "Indicador"
    assert en.loc["Premium per member per month", "B"] == "S/\xa025.00"


# ---------------------------------------------------------------------------------------
# input errors: translated, next to the input that caused them
# ---------------------------------------------------------------------------------------
def test_out_of_range_product_input_is_reported_in_spanish():
    with pytest.raises(InputError) as err:
        mi.simulate({"waiting_days": 45, "admin_pct": -1}, lang="es", runs=100)
    assert set(err.value.problems) == {"waiting_days", "admin_pct"}
    assert "Días de espera: 45 es mayor que el máximo 30." in err.value.problems["waiting_days"]
    assert "Costo de administración" in err.value.problems["admin_pct"]


def test_a_zero_premium_is_refused_with_a_clear_message():
    with pytest.raises(InputError) as err:
        mi.simulate({"premium_daily": True, "premium_day": 0}, lang="en", runs=100)
    assert err.value.problems == {
        "premium_day": "Premium per day: a premium of 0 collects nothing; enter what members pay."}


def test_nobody_enrolling_is_refused():
    with pytest.raises(InputError) as err:
        mi.simulate(population={"members": 10, "enrolment_pct": 2}, lang="es", runs=100)
    assert "nadie se afilia con 10 estibadores y 2 % de afiliación" in err.value.problems["enrolment_pct"]


def test_run_settings_are_checked():
    with pytest.raises(InputError) as err:
        mi.simulate(years=6, runs=50, seed=-1, lang="en")
    assert set(err.value.problems) == {"years", "runs", "seed"}
    assert err.value.problems["years"] == "The simulation covers 1 to 5 years (6 given)."
    with pytest.raises(InputError):
        mi.simulate(years=2.5, runs=100)


def test_compare_takes_one_to_three_products():
    with pytest.raises(InputError) as err:
        mi.compare({f"p{i}": {} for i in range(4)}, lang="es", runs=100)
    assert err.value.problems["products"] == "Compare como máximo 3 productos (se dieron 4)."
    with pytest.raises(InputError) as err:
        mi.compare({}, lang="en", runs=100)
    assert err.value.problems["products"] == "Give at least one product."
    with pytest.raises(InputError) as err:
        mi.compare({"A": {}, "B": {"max_days": 0}}, lang="en", runs=100)
    assert list(err.value.problems) == ["B: max_days"]
    assert err.value.problems["B: max_days"].startswith("B: Maximum days paid: 0 is below")


def test_unknown_input_names_are_reported():
    with pytest.raises(InputError) as err:
        mi.simulate({"premium": 10}, lang="en", runs=100)
    assert err.value.problems == {"premium": "premium is not an input of this model."}


def test_member_table_errors_name_columns_and_rows():
    table = mi.load_dockers().head(20).copy()
    with pytest.raises(InputError) as err:
        mi.simulate(population=table.drop(columns=["age", "pay_per_sack"]), lang="es", runs=100)
    assert err.value.problems["population"] == ("A la tabla de asegurados le faltan las columnas "
                                                "pay_per_sack, age.")
    table.loc[3, "days_per_month"] = 40
    with pytest.raises(InputError) as err:
        mi.simulate(population=table, lang="en", runs=100)
    message = err.value.problems["days_per_month"]
    assert message.startswith("Days worked a month: 40 is above the maximum 30") and "rows 3" in message
    with pytest.raises(InputError) as err:
        mi.simulate(population=table.iloc[0:0], lang="en", runs=100)
    assert err.value.problems["population"] == "The member table has no rows."


def test_pension_inputs_are_checked():
    with pytest.raises(InputError) as err:
        mi.pension_savings([-5], [30], lang="es")
    assert "Ahorro previsional: -5 no es un monto de 0 o más." in str(err.value)
    with pytest.raises(InputError) as err:
        mi.pension_savings([10], [99], real_return_pct=40, lang="en")
    assert set(err.value.problems) == {"ages", "real_return_pct"}


def test_parameter_sources_have_a_reference_or_are_illustrative():
    sources = mi.parameter_sources()
    assert sources["reference"].str.strip().str.len().gt(0).all()
    for spec in (*mi.PRODUCT_INPUTS, *mi.POPULATION_INPUTS, *mi.CLAIMS_INPUTS):
        assert spec.source, spec.name
    # sourced, not illustrative: the market's size, pay per sack, mortality
    for name in ("members", "pay_per_sack"):
        assert not mi.POPULATION_INPUTS.spec(name).illustrative
    assert not mi.CLAIMS_INPUTS.spec("death_rate").illustrative
    assert mi.CLAIMS_INPUTS.spec("accident_rate").illustrative
    legal = mi.load_legal()
    assert legal.value("pension.retirement_age", "2026-01-01") == 65
    assert legal.value("pension65.bimonthly", "2025-04-30") == 250
    assert legal.value("pension65.bimonthly", "2025-05-01") == 350


def test_sweep_over_the_premium():
    res = mi.sweep("premium_month", [12, 20, 30], population=POP, years=2, runs=400, seed=6)
    assert list(res.summary.index) == ["premium_month=12", "premium_month=20", "premium_month=30"]
    s = res.summary
    assert s["claims_ratio"].is_monotonic_decreasing
    assert s["ruin_probability"].is_monotonic_decreasing
    assert s["premium_share_pct"].is_monotonic_increasing
    # the same claims in every variant (common random numbers)
    claims = res.ratios["claims"].unstack(0)
    assert (claims.nunique(axis=1) == 1).all()
    with pytest.raises(InputError) as err:
        mi.sweep("premium", [1, 2], lang="es")
    assert err.value.problems == {"premium": "premium no es un dato de este modelo."}


def test_sliced_segment_sums_equal_a_plain_groupby():
    from modules.microinsurance.model import _sliced_sums

    rng = np.random.default_rng(3)
    counts = rng.poisson(3.0, size=(40, 12))
    counts[5, :] = 0
    counts[7, 3] = 500            # a cell larger than a slice
    values = rng.integers(1, 50, int(counts.sum())).astype(np.int16)
    cells = np.repeat(np.arange(counts.size), counts.ravel())
    expected = np.bincount(cells, weights=values * 2.0, minlength=counts.size).reshape(counts.shape)
    got = _sliced_sums(values, counts, lambda v: v.astype(np.int64) * 2, step=64)
    np.testing.assert_array_equal(got, expected)
    assert got.dtype == np.int64
