import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from apps.catalog import services
from apps.catalog.choices import Unit
from core.testing.helpers import user

from .factories import actor, make_category, make_price_list, make_product, make_warehouse, seed_tiers_for, stocked


@pytest.fixture
def catalogue(db):
    """A small catalogue: a UV printer with every tier's list, an ink, a spare part, two warehouses with stock."""
    today = timezone.localdate()
    printers = make_category("printers", "打印设备")
    uv = make_category("uv-flatbed", "UV平板打印机", parent=printers)
    parts = make_category("parts", "配件")
    machine = make_product("HC-UV1313", category=uv, launched_on=today - datetime.timedelta(days=400))
    ink = make_product("INK-UV-C", name="UV墨水 青色 1L", model="UV-C", category=make_category("inks", "墨水"),
                       unit=Unit.BOTTLE, is_serial_tracked=False, reorder_level=40)
    part = make_product("PH-RICOH-G5", name="理光G5喷头", model="Gen5", category=parts, unit=Unit.PIECE,
                        is_spare_part=True, reorder_level=6)
    lists = seed_tiers_for(machine)
    make_price_list("parts", [(part, 1, "9800"), (part, 10, "9506")])
    hq, store = make_warehouse("wh-hq", "总仓"), make_warehouse("wh-new-parts", "新件库", kind="new_parts")
    stocked(machine, hq, 5)
    stocked(ink, hq, 45)
    stocked(part, store, 4)
    services.reserve_stock(actor=user("warehouse"), product=ink, warehouse=hq, quantity=10, reference="XS-1")
    window = services.create_price_window(actor=actor(), name="旺季上浮", kind="peak", starts_on=today,
                                          ends_on=today + datetime.timedelta(days=30), category=printers,
                                          percent=D("5"))
    return {"machine": machine, "ink": ink, "part": part, "hq": hq, "store": store, "lists": lists,
            "window": window, "printers": printers, "uv": uv, "today": today}
