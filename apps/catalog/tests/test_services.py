"""Catalogue services: categories, products, stock counts and the price resolver over the database."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.catalog import selectors, services
from apps.catalog.choices import MovementKind, StockCountStatus
from apps.catalog.models import Category, StockLevel, StockMovement
from core import rules as core_rules
from core.models import DailyCounter
from core.testing.helpers import user

from .factories import actor, make_category, make_price_list, make_product, make_warehouse, seed_tiers_for, stocked

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_moving_a_category_rewrites_its_subtree_paths():
    printers, engravers = make_category("printers", "打印设备"), make_category("engravers", "雕刻机")
    uv = make_category("uv", "UV平板打印机", parent=printers)
    flat = make_category("uv-small", "小型UV", parent=uv)
    services.update_category(actor=actor(), category=uv, parent=engravers)
    flat.refresh_from_db()
    assert flat.path.startswith(engravers.path) and flat.depth == 2
    with pytest.raises(ValidationError):
        services.update_category(actor=actor(), category=engravers, parent=Category.objects.get(pk=flat.pk))


def test_products_keep_a_history_and_retire_from_a_date():
    product = make_product("HC-UV1313", launched_on=TODAY - datetime.timedelta(days=300))
    services.update_product(actor=user("sales_admin"), product=product, warranty_months=18)
    services.retire_product(actor=user("sales_admin"), product=product, retired_on=TODAY)
    assert product.history.count() == 3
    assert product.history.first().history_user == user("sales_admin")
    with pytest.raises(ValidationError):
        services.retire_product(actor=actor(), product=product)
    services.reinstate_product(actor=actor(), product=product)
    assert product.retired_on is None


def test_products_refuse_fields_outside_the_form():
    with pytest.raises(ValidationError):
        make_product(status="retired")


def _count_with(quantities: dict):
    store = make_warehouse("wh-new-parts", "新件库")
    products = {sku: make_product(sku, is_spare_part=True, is_serial_tracked=False) for sku in quantities}
    for sku, quantity in quantities.items():
        stocked(products[sku], store, quantity)
    count = services.create_stock_count(actor=user("parts_keeper"), warehouse=store)
    return store, products, count


def test_a_count_snapshots_the_book_and_posts_differences_on_approval():
    store, _products, count = _count_with({"PI-WIPER": 30, "PI-DAMPER-UV": 100, "PM-BELT-3M": 12})
    lines = {line.product.sku: line for line in count.lines.select_related("product")}
    assert {sku: line.system_qty for sku, line in lines.items()} == {"PI-WIPER": 30, "PI-DAMPER-UV": 100,
                                                                     "PM-BELT-3M": 12}
    counted = {lines["PI-WIPER"].pk: D(29), lines["PI-DAMPER-UV"].pk: D(102), lines["PM-BELT-3M"].pk: D(12)}
    services.record_counts(actor=user("parts_keeper"), count=count, counted=counted)
    services.submit_stock_count(actor=user("parts_keeper"), count=count)
    services.approve_stock_count(actor=user("aftersales_manager"), count=count)
    count.refresh_from_db()
    assert count.status == StockCountStatus.APPROVED and count.approved_by == user("aftersales_manager")
    posted = StockMovement.objects.filter(kind=MovementKind.COUNT_DIFFERENCE)
    assert sorted(m.on_hand_delta for m in posted) == [D(-1), D(2)]
    assert all(m.reference == count.number and m.reference_object == count for m in posted)
    on_hand = dict(StockLevel.objects.filter(warehouse=store).values_list("product__sku", "on_hand"))
    assert on_hand == {"PI-WIPER": 29, "PI-DAMPER-UV": 102, "PM-BELT-3M": 12}
    assert services.verify_stock_balances() == []


def test_a_count_cannot_be_submitted_with_lines_missing():
    _store, _products, count = _count_with({"PI-WIPER": 30, "PI-PUMP": 5})
    first = count.lines.first()
    services.record_counts(actor=user("parts_keeper"), count=count, counted={first.pk: D(30)})
    with pytest.raises(ValidationError) as exc:
        services.submit_stock_count(actor=user("parts_keeper"), count=count)
    assert exc.value.code == "incomplete"


def test_a_rejected_count_is_corrected_and_resubmitted():
    _store, _products, count = _count_with({"PI-WIPER": 30})
    line = count.lines.get()
    services.record_counts(actor=user("parts_keeper"), count=count, counted={line.pk: D(3)})
    services.submit_stock_count(actor=user("parts_keeper"), count=count)
    with pytest.raises(ValidationError):
        services.record_counts(actor=user("parts_keeper"), count=count, counted={line.pk: D(30)})
    with pytest.raises(ValidationError):
        services.reject_stock_count(actor=user("aftersales_manager"), count=count, reason="")
    services.reject_stock_count(actor=user("aftersales_manager"), count=count, reason="差异太大,请复盘")
    services.record_counts(actor=user("parts_keeper"), count=count, counted={line.pk: D(30)})
    services.submit_stock_count(actor=user("parts_keeper"), count=count)
    services.approve_stock_count(actor=user("aftersales_manager"), count=count)
    assert not StockMovement.objects.filter(kind=MovementKind.COUNT_DIFFERENCE).exists()


def test_count_numbers_run_per_month():
    _store, _products, first = _count_with({"PI-WIPER": 1})
    second = services.create_stock_count(actor=user("parts_keeper"), warehouse=first.warehouse)
    assert first.number.endswith("-001") and second.number.endswith("-002")


def test_counts_made_before_core_numbering_are_continued_not_repeated():
    from importlib import import_module

    from django.apps import apps

    _store, _products, first = _count_with({"PI-WIPER": 1})
    month = timezone.localdate().replace(day=1)
    type(first).objects.filter(pk=first.pk).update(number=f"PD{month:%Y%m}-007")
    DailyCounter.objects.filter(series="PD").delete()  # as before the migration
    import_module("apps.catalog.migrations.0002_stock_count_numbers_in_core").to_core(apps, None)
    second = services.create_stock_count(actor=user("parts_keeper"), warehouse=first.warehouse)
    assert second.number == f"PD{month:%Y%m}-008"


def test_an_empty_warehouse_has_nothing_to_count():
    with pytest.raises(ValidationError):
        services.create_stock_count(actor=user("parts_keeper"), warehouse=make_warehouse())


# -- the resolver over the database --------------------------------------------------------------------------

@pytest.fixture
def uv1313():
    product = make_product("HC-UV1313", category=make_category("uv", "UV平板打印机", parent=make_category(
        "printers", "打印设备")), launched_on=TODAY - datetime.timedelta(days=400))
    seed_tiers_for(product)
    return product


def test_resolve_price_reads_lists_windows_and_the_grade_parameter(uv1313):
    services.create_price_window(actor=actor(), name="旺季上浮", kind="peak", starts_on=TODAY,
                                 ends_on=TODAY + datetime.timedelta(days=30),
                                 category=Category.objects.get(code="printers"), percent=D("5"))
    quote = selectors.resolve_price(tier="agent", grade="A", product=uv1313, quantity=1, on=TODAY)
    assert quote.unit_price == D("95760.00")
    core_rules.set_value(actor=actor(), key="catalog.grade_discounts", new_value={"A": 10, "B": 3, "C": 0, "D": 0},
                         effective_from=TODAY)
    assert selectors.resolve_price(tier="agent", grade="A", product=uv1313, quantity=1, on=TODAY).unit_price == \
        D("90720.00")  # 100,800 × 0.90
    yesterday = TODAY - datetime.timedelta(days=1)
    assert selectors.resolve_price(tier="agent", grade="A", product=uv1313, quantity=5, on=yesterday).unit_price \
        == D("88464.00")  # no window yesterday: 93,120 × 0.95 with the old 5 %


def test_resolve_price_takes_the_version_in_force(uv1313):
    start = TODAY + datetime.timedelta(days=10)
    make_price_list("agent", [(uv1313, 1, "99000")], effective_from=start)
    assert selectors.resolve_price(tier="agent", grade="", product=uv1313, quantity=1, on=TODAY).unit_price == \
        D("96000.00")
    assert selectors.resolve_price(tier="agent", grade="", product=uv1313, quantity=1, on=start).unit_price == \
        D("99000.00")


def test_resolve_price_clamps_to_the_floor_unless_an_exception_allows_it(uv1313):
    services.create_price_window(actor=actor(), name="淡季促销", kind="off_season", starts_on=TODAY, ends_on=TODAY,
                                 product=uv1313, percent=D("-8"))
    clamped = selectors.resolve_price(tier="special_agent", grade="A", product=uv1313, quantity=1, on=TODAY)
    allowed = selectors.resolve_price(tier="special_agent", grade="A", product=uv1313, quantity=1, on=TODAY,
                                      allow_below_floor=True)
    assert (clamped.unit_price, clamped.clamped) == (D("84480.00"), True)
    assert (allowed.unit_price, allowed.below_floor) == (D("78310.40"), True)


@pytest.mark.parametrize(("change", "code"), [("retired", "not_on_sale"), ("future", "not_on_sale"),
                                              ("tier", "invalid_tier")])
def test_resolve_price_refuses_what_cannot_be_sold(uv1313, change, code):
    tier = "agent"
    if change == "retired":
        services.retire_product(actor=actor(), product=uv1313, retired_on=TODAY - datetime.timedelta(days=1))
    elif change == "future":
        services.update_product(actor=actor(), product=uv1313, launched_on=TODAY + datetime.timedelta(days=1))
    else:
        tier = "wholesale"
    with pytest.raises(ValidationError) as exc:
        selectors.resolve_price(tier=tier, grade="A", product=uv1313, quantity=1, on=TODAY)
    assert exc.value.code == code


def test_resolve_price_runs_a_handful_of_queries(uv1313, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        selectors.resolve_price(tier="agent", grade="A", product=uv1313, quantity=1, on=TODAY)


def test_price_items_keep_their_history():
    product = make_product()
    price_list = make_price_list("agent", [(product, 1, "100")])
    item = price_list.items.get()
    services.save_price_item(actor=user("sales_admin"), price_list=price_list, product=product, unit_price="120",
                             item=item)
    assert [h.unit_price for h in item.history.all()] == [D("120.00"), D("100.00")]
    assert item.history.first().history_user == user("sales_admin")
    with pytest.raises(ValidationError):
        services.set_price_items(actor=actor(), price_list=price_list, items=[
            {"product": product, "min_quantity": 1, "unit_price": 1}, {"product": product, "unit_price": 2}])


def test_a_window_needs_its_amount_and_one_target():
    with pytest.raises(ValidationError) as exc:
        services.create_price_window(actor=actor(), name="x", starts_on=TODAY, ends_on=TODAY,
                                     adjustment_type="fixed", product=make_product(), category=make_category())
    assert set(exc.value.message_dict) == {"fixed_price", "category"}
    with pytest.raises(ValidationError):
        services.create_price_window(actor=actor(), name="x", starts_on=TODAY,
                                     ends_on=TODAY - datetime.timedelta(days=1), percent=D("5"))
