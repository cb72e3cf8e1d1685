"""The shipped configuration from domain.md §7: the problem-area tree and the SLA policies (data only).

`install_defaults` takes the model classes, so the data migration (historical models) and tests that start from
an empty database share it.
"""

from decimal import Decimal

# (name, English name, children)
CATEGORIES = [
    ("平台/软件", "Platform / software", [("控制软件", "Control software"), ("RIP排版软件", "RIP software"),
                                      ("驱动与固件", "Drivers and firmware"),
                                      ("云平台与账号", "Cloud platform and account")]),
    ("设备/产品", "Equipment / product", [("机械故障", "Mechanical fault"), ("喷头与墨路", "Print head and ink system"),
                                      ("电气故障", "Electrical fault"), ("安装调试", "Installation and set-up"),
                                      ("耗材质量", "Consumables quality"), ("批量质量问题", "Batch quality issue")]),
    ("服务", "Service", [("服务态度", "Service attitude"), ("上门及时性", "Visit punctuality"),
                       ("收费争议", "Charges dispute"), ("物流配送", "Delivery"), ("培训", "Training")]),
    ("商务", "Business", [("价格与报价", "Prices and quotes"), ("订单与发票", "Orders and invoices"),
                        ("合作加盟", "Partnership")]),
    ("其他", "Other", []),
]

H, WH, WD, D = "hours", "working_hours", "working_days", "days"
# (name, position, kind, complaint type, priority, major, first response, resolution, return visit, default)
SLA_POLICIES = [
    ("重大投诉(紧急)", 10, "complaint", "", "urgent", True, (1, H), (1, WD), (7, D), False),
    ("重大投诉", 20, "complaint", "", "", True, (24, H), (1, WD), (7, D), False),
    ("一般投诉(紧急)", 30, "complaint", "", "urgent", None, (1, H), (3, WD), (14, D), False),
    ("一般投诉", 40, "complaint", "", "", None, (24, H), (3, WD), (14, D), False),
    ("报修", 50, "repair", "", "", None, (2, WH), (3, WD), (3, D), False),
    ("业务办理", 60, "service", "", "", None, (24, H), (3, WD), (3, D), False),
    ("紧急求助", 70, "", "", "urgent", None, (1, H), (1, WD), None, False),
    ("咨询", 80, "inquiry", "", "", None, (24, H), (2, WD), None, False),
    ("建议", 90, "suggestion", "", "", None, (24, H), (5, WD), None, False),
    ("默认", 1000, "", "", "", None, (24, H), (3, WD), None, True),
]


def _target(pair, unit_default: str) -> dict:
    return {"target": Decimal(pair[0]) if pair else None, "unit": pair[1] if pair else unit_default}


def install_defaults(TicketCategory, SLAPolicy) -> None:
    """Create the shipped categories and SLA policies unless the tables already hold some."""
    if not TicketCategory.objects.exists():
        for order, (name, name_en, children) in enumerate(CATEGORIES):
            parent = TicketCategory.objects.create(name=name, name_en=name_en, sort_order=order)
            parent.path = f"/{parent.pk}/"
            parent.save(update_fields=["path"])
            for child_order, (child, child_en) in enumerate(children):
                node = TicketCategory.objects.create(name=child, name_en=child_en, parent=parent,
                                                     sort_order=child_order)
                node.path = f"{parent.path}{node.pk}/"
                node.save(update_fields=["path"])
    if not SLAPolicy.objects.exists():
        for name, position, kind, complaint_type, priority, major, first, resolution, visit, default in SLA_POLICIES:
            targets = {"first_response": _target(first, H), "resolution": _target(resolution, WD),
                       "return_visit": _target(visit, D)}
            SLAPolicy.objects.create(
                name=name, position=position, kind=kind, complaint_type=complaint_type, priority=priority,
                is_major=major, is_default=default,
                **{f"{clock}_{key}": value for clock, values in targets.items() for key, value in values.items()})
