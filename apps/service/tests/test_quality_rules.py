"""The quality maths without a database: weighted scores, averages, months, the random sample, defect rows."""

import datetime as dt
import random
from decimal import Decimal as D

import pytest

from apps.service.quality import rules
from apps.service.quality.defaults import ITEMS
from apps.service.quality.rules import Defect, ItemScore


def test_with_weights_of_one_and_maxima_adding_up_to_100_the_score_is_the_sum_of_the_points():
    points = [D(12), D(18), D("20.5"), D(25), D(15)]
    items = [ItemScore(p, max_points, weight) for p, (_n, _d, max_points, weight) in zip(points, ITEMS, strict=True)]

    assert sum(i.max_points for i in items) == 100
    assert rules.weighted_score(items) == D("90.50")


def test_a_weight_makes_an_item_count_more():
    # accuracy weighs double: 100 × (1×10 + 2×10) / (1×20 + 2×10) = 75
    items = [ItemScore(D(10), D(20), D(1)), ItemScore(D(10), D(10), D(2))]

    assert rules.weighted_score(items) == D("75.00")


def test_scores_round_half_up_to_the_cent():
    # 100 × 2 / 3 = 66.666… → 66.67
    assert rules.weighted_score([ItemScore(D(2), D(3))]) == D("66.67")


def test_a_form_without_points_to_give_is_refused():
    with pytest.raises(ValueError):
        rules.weighted_score([])


@pytest.mark.parametrize(("points", "problem"), [(D(-1), "negative"), (D("20.5"), "above_max"), (D(0), None),
                                                 (D(20), None)])
def test_points_stay_between_zero_and_the_maximum(points, problem):
    assert rules.points_error(points, D(20)) == problem


def test_the_average_ignores_unscored_and_rounds_to_the_cent():
    assert rules.average([D(90), D(85), None, D("80.5")]) == D("85.17")
    assert rules.average([None]) is None


@pytest.mark.parametrize(("day", "previous", "following"), [
    (dt.date(2026, 11, 1), dt.date(2026, 10, 1), dt.date(2026, 12, 1)),
    (dt.date(2026, 1, 15), dt.date(2025, 12, 1), dt.date(2026, 2, 1)),
    (dt.date(2026, 3, 31), dt.date(2026, 2, 1), dt.date(2026, 4, 1)),
    (dt.date(2026, 12, 31), dt.date(2026, 11, 1), dt.date(2027, 1, 1)),
])
def test_months(day, previous, following):
    assert rules.previous_month(day) == previous
    assert rules.next_month(rules.month_start(day)) == following


@pytest.mark.parametrize(("text", "period"), [("2026-10", dt.date(2026, 10, 1)), ("2026-10-17", dt.date(2026, 10, 1)),
                                              ("2026-13", None), ("", None), ("oct", None)])
def test_parse_period(text, period):
    assert rules.parse_period(text) == period


def test_the_sample_takes_n_per_agent_less_those_already_sampled():
    candidates = {7: list(range(100, 120)), 8: [200, 201], 9: list(range(300, 310))}

    chosen = rules.choose_sample(candidates, size=5, already={9: 4}, rng=random.Random(1))

    assert len(chosen[7]) == 5 and set(chosen[7]) <= set(candidates[7])
    assert chosen[8] == [200, 201]  # fewer than N: all of them
    assert len(chosen[9]) == 1  # one more to reach 5
    assert rules.choose_sample(candidates, size=5, already={7: 5, 8: 5, 9: 5}) == {}


def test_the_sample_is_random_but_repeats_with_the_same_seed():
    candidates = {1: list(range(1000))}

    first = rules.choose_sample(candidates, size=5, rng=random.Random(42))
    again = rules.choose_sample({1: list(reversed(range(1000)))}, size=5, rng=random.Random(42))
    other = rules.choose_sample(candidates, size=5, rng=random.Random(43))

    assert first == again
    assert first != other


def test_defects_are_counted_per_kind_product_model_category_cause_and_region_largest_first():
    defects = ([Defect("repair", "UV平板打印机", "HC-2513", "喷头与墨路", "喷头批次质量问题", "北京大区")] * 3
               + [Defect("repair", "UV平板打印机", "HC-2513", "喷头与墨路", " 喷头批次质量问题 ", "北京大区")]
               + [Defect("complaint", "写真机", "HC-1800", "耗材质量", "", "广州大区")] * 2)

    rows = rules.aggregate_defects(defects)

    assert rows == [
        {"kind": "repair", "product": "UV平板打印机", "model": "HC-2513", "category": "喷头与墨路",
         "cause": "喷头批次质量问题", "region": "北京大区", "count": 4},
        {"kind": "complaint", "product": "写真机", "model": "HC-1800", "category": "耗材质量", "cause": "",
         "region": "广州大区", "count": 2},
    ]
    assert rules.totals_by(rows, "product") == [("UV平板打印机", 4), ("写真机", 2)]


def test_recipients_are_split_per_department_and_empty_departments_left_out():
    table = [{"department": "quality", "emails": "qa@example.com, lead@example.com；qa@example.com"},
             {"department": "production", "emails": ""},
             {"department": "purchasing", "emails": "buy@example.com not-an-address"}]

    assert rules.recipients_by_department(table) == {"quality": ["qa@example.com", "lead@example.com"],
                                                      "purchasing": ["buy@example.com"]}
