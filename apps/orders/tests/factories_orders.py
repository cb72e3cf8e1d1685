"""Order and receivables test data, made through the services (orders area, O1)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from apps.catalog.tests.factories import make_category, make_product, make_warehouse, seed_tiers_for, stocked
from apps.channels import services as channel_services
from apps.channels.choices import PartnerStage
from apps.channels.tests.factories import make_partner, make_partner_customer, org_unit
from apps.customers.tests.factories import make_customer
from core.testing import personas as p
from core.testing.helpers import user

from ..services import orders as order_services
from ..services import receivables as ar_services

BEIJING = {"province_code": "110000", "city_code": "110100", "district_code": "110105"}
GUANGZHOU = {"province_code": "440000", "city_code": "440100"}


def make_catalogue(stock: int = 5) -> dict:
    """The seed's UV printer (suggested ¥128,000, agent ×0.75, floor ×0.66) in the head-office warehouse."""
    today = timezone.localdate()
    category = make_category(name="UV平板打印机")
    machine = make_product(category=category, launched_on=today - datetime.timedelta(days=400))
    seed_tiers_for(machine, effective_from=today - datetime.timedelta(days=60))
    hq = make_warehouse(name="总仓", kind="head_office")
    if stock:
        stocked(machine, hq, stock)
    return {"machine": machine, "hq": hq}


def make_alf(*, credit_limit: Decimal = Decimal("0"), term_days: int = 30, special: bool = False):
    """The demo partner company of `partner_user` (北京艾礼富), an agent in Beijing owned by the north rep."""
    customer = make_partner_customer(p.NORTH_REP, kind="partner", partner_unit=org_unit("partner-bj-alf"),
                                     grade="A", **BEIJING)
    partner = make_partner(PartnerStage.AGENT, owner=p.NORTH_REP, customer=customer)
    return channel_services.update_partner(actor=user(p.DEPARTMENT_MANAGER), partner=partner,
                                           credit_limit=credit_limit, payment_term_days=term_days, special=special)


def make_hx(*, credit_limit: Decimal = Decimal("0")):
    """The demo partner company of `partner_b_user` (广州恒信), a distributor owned by the south rep."""
    customer = make_partner_customer(p.SOUTH_REP, kind="partner", partner_unit=org_unit("partner-gz-hx"),
                                     **GUANGZHOU)
    partner = make_partner(owner=p.SOUTH_REP, customer=customer, territories=("440100",))
    return channel_services.update_partner(actor=user(p.DEPARTMENT_MANAGER), partner=partner,
                                           credit_limit=credit_limit, payment_term_days=30)


def plain_customer(owner: str = p.NORTH_REP, grade: str = "B"):
    return make_customer(owner, grade=grade, **BEIJING)


def make_order(customer, product, quantity=1, *, by: str = "sales_admin", **header):
    return order_services.create_order(actor=user(by), customer=customer,
                                       lines=[{"product": product, "quantity": Decimal(quantity)}], **header)


def submitted(customer, product, quantity=1, **header):
    order = make_order(customer, product, quantity, **header)
    return order_services.submit_order(actor=user("sales_admin"), order=order)


def pay(customer, amount, *, order=None, on=None):
    return ar_services.record_payment(actor=user("finance"), customer=customer, amount=Decimal(amount),
                                      received_on=on or timezone.localdate(), method="bank_transfer",
                                      reference="BANK-1", order=order)
