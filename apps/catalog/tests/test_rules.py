"""Price arithmetic over plain data, with the seed's numbers (HC-UV1313: suggested ¥128,000; agent 75 %,
special agent 70 %, special distributor 80 %, distributor 85 %, floor 66 %; 5-unit break −3 %; peak +5 %,
off season −8 %; grade A 5 %, B 3 %)."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from apps.catalog import rules
from apps.catalog.choices import AdjustmentType, PriceTier
from apps.catalog.demo_prices import TIER_FACTORS, unit_price

ON = datetime.date(2026, 6, 15)
PRODUCT = rules.ProductFacts(id=2, category_path="/1/2/")  # printers › UV flatbed
GRADES = {"A": 5, "B": 3, "C": 0, "D": 0}
B = rules.PriceBreak


def version(tier, *breaks, start=datetime.date(2026, 1, 1), end=None, code=None):
    return rules.ListVersion(code=code or f"{tier}-{start:%Y%m}", tier=tier, effective_from=start, effective_to=end,
                             breaks=tuple(B(D(q), D(p)) for q, p in breaks))


SEED_LISTS = [
    version("special_agent", (1, "89600"), (5, "86912")),
    version("agent", (1, "96000"), (5, "93120")),
    version("special_distributor", (1, "102400"), (5, "99328")),
    version("distributor", (1, "108800"), (5, "105536")),
    version("suggested", (1, "128000")),
    version("floor", (1, "84480")),
    version("agent", (1, "92160"), (5, "89395"), start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31)),
]
PEAK = rules.Window(pk=1, name="旺季上浮", kind="peak", starts_on=datetime.date(2026, 9, 1),
                    ends_on=datetime.date(2026, 10, 31), category_path="/1/", percent=D("5"))
OFF = rules.Window(pk=2, name="淡季促销", kind="off_season", starts_on=datetime.date(2026, 3, 1),
                   ends_on=datetime.date(2026, 4, 30), category_path="/1/", percent=D("-8"))


def quote(tier="agent", grade="C", quantity=1, on=ON, windows=(), versions=SEED_LISTS, **kwargs):
    return rules.quote(tier=tier, grade=grade, quantity=D(quantity), on=on, product=PRODUCT, versions=versions,
                       windows=list(windows), grade_discounts=GRADES, **kwargs)


def codes(result):
    return [step["code"] for step in result.explanation]


def test_the_seed_lists_follow_the_seed_factors():
    assert unit_price(128000, TIER_FACTORS[PriceTier.AGENT]) == D("96000.00")
    assert unit_price(128000, TIER_FACTORS[PriceTier.AGENT], "0.97") == D("93120.00")
    assert unit_price(128000, TIER_FACTORS[PriceTier.FLOOR]) == D("84480.00")
    assert unit_price(680, TIER_FACTORS[PriceTier.AGENT], "0.97") == D("495.00")  # 494.70 rounds half-up


@pytest.mark.parametrize(("tier", "price"), [
    ("special_agent", "89600.00"), ("agent", "96000.00"), ("special_distributor", "102400.00"),
    ("distributor", "108800.00"), ("suggested", "128000.00"), ("floor", "84480.00"),
])
def test_each_tier_prices_from_its_own_list(tier, price):
    result = quote(tier=tier)
    assert result.unit_price == D(price) == result.list_price
    assert not result.clamped and not result.below_floor
    assert result.explanation[0]["price_list"] == f"{tier}-202601"


@pytest.mark.parametrize(("quantity", "price"), [(1, "96000"), (4, "96000"), (5, "93120"), (12, "93120")])
def test_quantity_breaks_take_the_largest_minimum_reached(quantity, price):
    result = quote(quantity=quantity)
    assert result.unit_price == D(price)
    assert "quantity_break" in codes(result)


def test_below_the_smallest_break_there_is_no_price():
    versions = [version("agent", (10, "495"), (50, "479"))]
    with pytest.raises(ValidationError) as exc:
        quote(quantity=9, versions=versions)
    assert exc.value.code == "no_price"


def test_peak_window_adds_its_percent():
    result = quote(on=datetime.date(2026, 9, 15), windows=[PEAK, OFF])
    assert result.unit_price == D("100800.00")
    step = result.explanation[codes(result).index("window")]
    assert "旺季上浮" in step["text"] and "+5.0 %" in step["text"] and step["amount"] == "100800.00"


def test_off_season_window_takes_its_percent_off():
    assert quote(on=datetime.date(2026, 3, 10), windows=[PEAK, OFF]).unit_price == D("88320.00")


def test_fixed_price_window_replaces_the_list_price():
    launch = rules.Window(pk=3, name="新品上市价", kind="launch", starts_on=ON, ends_on=ON, tier="suggested",
                          product_id=PRODUCT.id, adjustment_type=AdjustmentType.FIXED, fixed_price=D("119000"))
    assert quote(tier="suggested", windows=[launch]).unit_price == D("119000.00")
    assert quote(tier="agent", windows=[launch]).unit_price == D("96000.00")  # the window is for one tier


def test_outside_every_window_the_explanation_says_so():
    assert "no_window" in codes(quote(windows=[PEAK, OFF]))


@pytest.mark.parametrize(("grade", "price"), [("A", "91200.00"), ("B", "93120.00"), ("C", "96000.00"),
                                              ("D", "96000.00"), ("", "96000.00"), ("Z", "96000.00")])
def test_grade_discount_comes_from_the_parameter_table(grade, price):
    assert quote(grade=grade).unit_price == D(price)


def test_steps_run_tier_then_window_then_grade():
    result = quote(grade="A", on=datetime.date(2026, 9, 15), windows=[PEAK])
    assert result.unit_price == D("95760.00")  # 96,000 × 1.05 × 0.95
    assert codes(result) == ["price_list", "quantity_break", "window", "grade_discount", "result"]


def test_a_price_under_the_floor_is_raised_to_the_floor():
    result = quote(tier="special_agent", grade="A", on=datetime.date(2026, 3, 10), windows=[OFF])
    # 89,600 × 0.92 = 82,432 → grade A 5 % → 78,310.40 < floor 84,480
    assert result.unit_price == D("84480.00")
    assert result.floor_price == D("84480.00")
    assert result.clamped and result.below_floor
    assert "floor_clamp" in codes(result)


def test_allow_below_floor_returns_the_computed_price_flagged():
    result = quote(tier="special_agent", grade="A", on=datetime.date(2026, 3, 10), windows=[OFF],
                   allow_below_floor=True)
    assert result.unit_price == D("78310.40")
    assert result.below_floor and not result.clamped
    assert "below_floor" in codes(result)


def test_without_a_floor_list_nothing_is_clamped_and_the_explanation_says_so():
    versions = [v for v in SEED_LISTS if v.tier != "floor"]
    result = quote(tier="special_agent", grade="A", on=datetime.date(2026, 3, 10), windows=[OFF], versions=versions)
    assert result.unit_price == D("78310.40") and result.floor_price is None and not result.below_floor
    assert "no_floor" in codes(result)


def test_versions_are_chosen_by_date():
    assert quote(on=datetime.date(2025, 7, 1)).unit_price == D("92160.00")
    assert quote(on=datetime.date(2026, 1, 1)).unit_price == D("96000.00")
    assert quote(on=datetime.date(2025, 7, 1)).explanation[0]["effective_from"] == "2025-01-01"


def test_an_ended_version_falls_back_to_the_older_open_one():
    versions = [version("agent", (1, "96000")), version("agent", (1, "90000"), start=datetime.date(2026, 5, 1),
                                                        end=datetime.date(2026, 5, 31), code="agent-promo")]
    assert quote(on=datetime.date(2026, 5, 20), versions=versions).unit_price == D("90000.00")
    assert quote(on=datetime.date(2026, 6, 1), versions=versions).unit_price == D("96000.00")


def test_before_any_version_there_is_no_price():
    with pytest.raises(ValidationError) as exc:
        quote(on=datetime.date(2024, 12, 31))
    assert exc.value.code == "no_price"


def test_the_most_specific_window_wins():
    everything = rules.Window(pk=10, name="all", kind="custom", starts_on=ON, ends_on=ON, percent=D("1"))
    parent = rules.Window(pk=11, name="printers", kind="custom", starts_on=ON, ends_on=ON, category_path="/1/",
                          percent=D("2"))
    child = rules.Window(pk=12, name="uv", kind="custom", starts_on=ON, ends_on=ON, category_path="/1/2/",
                         percent=D("3"))
    agent_only = rules.Window(pk=13, name="uv agent", kind="custom", starts_on=ON, ends_on=ON, tier="agent",
                              category_path="/1/2/", percent=D("4"))
    own = rules.Window(pk=14, name="product", kind="custom", starts_on=ON, ends_on=ON, product_id=PRODUCT.id,
                       percent=D("5"))
    other_category = rules.Window(pk=15, name="engravers", kind="custom", starts_on=ON, ends_on=ON,
                                  category_path="/9/", percent=D("9"))
    pick = lambda *ws: rules.window_for(ws, on=ON, tier="agent", product=PRODUCT)  # noqa: E731
    assert pick(everything, parent).name == "printers"
    assert pick(everything, parent, child).name == "uv"
    assert pick(child, agent_only).name == "uv agent"
    assert pick(everything, child, agent_only, own).name == "product"
    assert pick(other_category) is None


def test_money_rounds_half_up_to_the_fen():
    assert rules.apply_discount(D("0.50"), D("1")) == D("0.50")  # 0.495 → 0.50
    assert rules.apply_window(D("10.10"), rules.Window(pk=1, name="x", kind="custom", starts_on=ON, ends_on=ON,
                                                       percent=D("5"))) == D("10.61")  # 10.605 → 10.61


def test_a_quantity_must_be_above_zero():
    with pytest.raises(ValidationError) as exc:
        quote(quantity=0)
    assert exc.value.code == "invalid_quantity"


def test_the_confidential_view_hides_the_floor_amount():
    result = rules.without_confidential(quote(tier="special_agent", grade="A", on=datetime.date(2026, 3, 10),
                                              windows=[OFF]))
    assert result.floor_price is None and result.unit_price == D("84480.00")
    step = result.explanation[codes(result).index("floor_clamp")]
    assert step["amount"] is None and "84,480" not in step["text"]


def test_line_total_is_unit_price_times_quantity():
    assert quote(quantity=5).line_total == D("465600.00")
