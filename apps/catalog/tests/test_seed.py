"""The demo catalogue: realistic, deterministic, and its ledger agrees with its balances."""

import pytest

from apps.catalog import services
from apps.catalog.choices import PriceTier, StockCountStatus
from apps.catalog.models import PriceList, Product, StockCount, StockLevel, Warehouse
from apps.catalog.seed import seed_demo

pytestmark = pytest.mark.django_db


def test_demo_catalogue_has_products_warehouses_prices_and_a_consistent_ledger():
    context = {}
    seed_demo(context)
    assert 38 <= Product.objects.count() <= 45
    assert Product.objects.filter(is_spare_part=True).count() >= 10
    assert Product.objects.filter(status="retired").count() == 1
    assert set(Warehouse.objects.values_list("kind", flat=True)) == {
        "head_office", "branch", "new_parts", "old_parts"}
    assert Warehouse.objects.get(code="wh-bj").org_unit.name == "北京分公司"
    assert {pl.tier for pl in PriceList.objects.all()} == set(PriceTier.values)
    assert PriceList.objects.filter(tier="agent").count() == 2
    assert StockCount.objects.get().status == StockCountStatus.APPROVED
    assert StockLevel.objects.filter(reserved__gt=0).count() == 2
    assert services.verify_stock_balances() == []
