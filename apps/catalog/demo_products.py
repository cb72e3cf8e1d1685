"""The demo catalogue of 华彩印刷设备有限公司: printers, engravers, inks and spare parts (domain.md §17)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from . import services
from .choices import Unit

# (code, name, parent code)
CATEGORIES = [
    ("printers", "打印设备", None),
    ("uv-flatbed", "UV平板打印机", "printers"),
    ("large-format", "大幅面喷绘机", "printers"),
    ("engravers", "雕刻与打标设备", None),
    ("consumables", "耗材", None),
    ("inks", "墨水", "consumables"),
    ("parts", "配件", None),
    ("print-heads", "喷头", "parts"),
    ("boards", "主板与电路", "parts"),
    ("mechanical", "传动件", "parts"),
    ("ink-system", "供墨系统", "parts"),
]


@dataclass(frozen=True)
class DemoProduct:
    sku: str
    name: str
    model: str
    category: str
    unit: str
    base_price: int  # the suggested market price (市场建议价) of the current list, in CNY
    weight_kg: str = ""
    warranty_months: int = 0
    serial: bool = False
    spare: bool = False
    reorder: int = 0
    launched_days_ago: int = 900


M, B, S, P, R = Unit.MACHINE, Unit.BOTTLE, Unit.SET, Unit.PIECE, Unit.ROLL

PRODUCTS = [
    DemoProduct("HC-UV6090", "UV平板打印机 6090", "UV6090", "uv-flatbed", M, 68000, "180", 12, True, reorder=2),
    DemoProduct("HC-UV1313", "UV平板打印机 1313", "UV1313", "uv-flatbed", M, 128000, "420", 12, True, reorder=2),
    DemoProduct("HC-UV2513", "UV平板打印机 2513", "UV2513", "uv-flatbed", M, 238000, "980", 12, True, reorder=1),
    DemoProduct("HC-UV3220", "UV卷平一体机 3220", "UV3220", "uv-flatbed", M, 328000, "1350", 12, True,
                launched_days_ago=20),
    DemoProduct("HC-UV4060", "UV小型平板机 4060", "UV4060", "uv-flatbed", M, 39800, "95", 12, True),
    DemoProduct("HC-LF1800", "大幅面写真机 1.8米", "LF1800", "large-format", M, 45800, "260", 12, True, reorder=2),
    DemoProduct("HC-LF3200", "大幅面喷绘机 3.2米", "LF3200", "large-format", M, 98000, "520", 12, True, reorder=1),
    DemoProduct("HC-LF3200E", "环保溶剂喷绘机 3.2米", "LF3200E", "large-format", M, 86000, "500", 12, True),
    DemoProduct("HC-LF1600S", "热升华打印机 1.6米", "LF1600S", "large-format", M, 52000, "240", 12, True),
    DemoProduct("HC-EG6090", "激光雕刻机 6090", "EG6090", "engravers", M, 18800, "210", 12, True, reorder=1),
    DemoProduct("HC-EG1325", "CNC雕刻机 1325", "EG1325", "engravers", M, 36800, "1100", 12, True),
    DemoProduct("HC-EG3030", "光纤打标机 30W", "EG3030", "engravers", M, 15800, "65", 12, True),
    DemoProduct("INK-UV-C", "UV墨水 青色 1L", "UV-C", "inks", B, 680, "1.1", reorder=40),
    DemoProduct("INK-UV-M", "UV墨水 品红 1L", "UV-M", "inks", B, 680, "1.1", reorder=40),
    DemoProduct("INK-UV-Y", "UV墨水 黄色 1L", "UV-Y", "inks", B, 680, "1.1", reorder=40),
    DemoProduct("INK-UV-K", "UV墨水 黑色 1L", "UV-K", "inks", B, 680, "1.1", reorder=40),
    DemoProduct("INK-UV-W", "UV白墨 1L", "UV-W", "inks", B, 980, "1.2", reorder=30),
    DemoProduct("INK-UV-V", "UV光油 1L", "UV-V", "inks", B, 560, "1.0", reorder=20),
    DemoProduct("INK-ES-C", "弱溶剂墨水 青色 1L", "ES-C", "inks", B, 260, "1.0", reorder=40),
    DemoProduct("INK-ES-M", "弱溶剂墨水 品红 1L", "ES-M", "inks", B, 260, "1.0", reorder=40),
    DemoProduct("INK-ES-Y", "弱溶剂墨水 黄色 1L", "ES-Y", "inks", B, 260, "1.0", reorder=40),
    DemoProduct("INK-ES-K", "弱溶剂墨水 黑色 1L", "ES-K", "inks", B, 260, "1.0", reorder=40),
    DemoProduct("INK-SUB-4", "热升华墨水 四色套装", "SUB-4", "inks", S, 880, "4.4", reorder=10),
    DemoProduct("INK-CLN-5", "喷头清洗液 5L", "CLN-5", "inks", B, 320, "5.2", reorder=10),
    DemoProduct("PH-RICOH-G5", "理光G5喷头", "Gen5", "print-heads", P, 9800, "0.3", 3, True, True, 6),
    DemoProduct("PH-RICOH-G6", "理光G6喷头", "Gen6", "print-heads", P, 13800, "0.3", 3, True, True, 6),
    DemoProduct("PH-EPSON-I3200", "爱普生I3200喷头", "I3200-A1", "print-heads", P, 7600, "0.2", 3, True, True, 6),
    DemoProduct("PH-KM1024I", "柯尼卡1024i喷头", "KM1024i", "print-heads", P, 8800, "0.3", 3, True, True, 4),
    DemoProduct("PB-MAIN-UV", "UV机主板", "MB-UV-V3", "boards", P, 4200, "0.6", 6, True, True, 3),
    DemoProduct("PB-HEAD-G5", "G5喷头板", "HB-G5", "boards", P, 2600, "0.3", 6, True, True, 3),
    DemoProduct("PB-PWR-48V", "48V开关电源", "PSU-48", "boards", P, 680, "1.2", 6, spare=True, reorder=5),
    DemoProduct("PM-BELT-3M", "同步皮带 3米", "BELT-3M", "mechanical", P, 120, "0.4", spare=True, reorder=10),
    DemoProduct("PM-BELT-2M", "同步皮带 2米", "BELT-2M", "mechanical", P, 95, "0.3", spare=True, reorder=10),
    DemoProduct("PM-MOTOR-750", "伺服电机 750W", "SV-750", "mechanical", P, 1850, "3.5", 6, True, True, 2),
    DemoProduct("PM-RAIL-20", "直线导轨 HGR20", "HGR20", "mechanical", P, 1280, "6.0", spare=True, reorder=2),
    DemoProduct("PM-ENC-STRIP", "光栅条", "ENC-180", "mechanical", P, 180, "0.1", spare=True, reorder=5),
    DemoProduct("PI-DAMPER-UV", "UV墨囊", "DMP-UV", "ink-system", P, 35, "0.05", spare=True, reorder=50),
    DemoProduct("PI-TUBE-4x3", "供墨管 4×3 (100米)", "TUBE-4x3", "ink-system", R, 260, "1.5", spare=True, reorder=3),
    DemoProduct("PI-PUMP", "供墨泵", "PUMP-24V", "ink-system", P, 420, "0.4", 3, spare=True, reorder=5),
    DemoProduct("PI-CAP-STN", "保湿墨栈", "CAP-8", "ink-system", P, 380, "0.5", spare=True, reorder=5),
    DemoProduct("PI-WIPER", "刮片", "WIPER-R", "ink-system", P, 25, "0.02", spare=True, reorder=30),
    DemoProduct("PL-UVLED", "UV-LED固化灯", "LED-395", "ink-system", P, 3200, "1.8", 6, True, True, 2),
]
RETIRED_SKU = "HC-UV4060"

DESCRIPTIONS = {
    "uv-flatbed": "UV固化平板打印,适用于亚克力、玻璃、木板、金属、皮革等材料。",
    "large-format": "户外广告、写真、灯箱布等大幅面喷绘。",
    "engravers": "广告标识、工艺礼品的雕刻与打标。",
    "inks": "原厂墨水,色彩稳定,适配本公司机型。",
}


def seed_products(*, actor, today: datetime.date) -> dict[str, object]:
    """Create the category tree and the products; returns the products by SKU."""
    categories = {}
    for order, (code, name, parent) in enumerate(CATEGORIES):
        categories[code] = services.create_category(actor=actor, code=code, name=name,
                                                    parent=categories.get(parent), sort_order=order)
    products = {}
    for spec in PRODUCTS:
        products[spec.sku] = services.create_product(
            actor=actor, sku=spec.sku, name=spec.name, model=spec.model, category=categories[spec.category],
            unit=spec.unit, weight_kg=Decimal(spec.weight_kg) if spec.weight_kg else None,
            warranty_months=spec.warranty_months, is_serial_tracked=spec.serial, is_spare_part=spec.spare,
            reorder_level=Decimal(spec.reorder), launched_on=today - datetime.timedelta(days=spec.launched_days_ago),
            description=DESCRIPTIONS.get(spec.category, ""),
        )
    services.retire_product(actor=actor, product=products[RETIRED_SKU], retired_on=today - datetime.timedelta(days=60))
    return products
