"""Test data for statements, returns, plans and rebates (O3), made through the services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from core.testing import personas as p
from core.testing.helpers import user

from ..services import plans as plan_services
from ..services import receivables as ar_services
from .fulfilment_factories import partner_a, partner_b, ready_order, ship  # noqa: F401  (re-exported for tests)


def quota(partner, amount, *, on: datetime.date | None = None, kind: str = "month"):
    """An approved plan for the partner: its sales quota for the period containing `on`."""
    plan = plan_services.create_plan(actor=user("sales_admin"), partner=partner, period_kind=kind,
                                     period_start=on or timezone.localdate(), amount=Decimal(amount))
    plan_services.submit_plan(actor=user("sales_admin"), plan=plan)
    return plan_services.approve_plan(actor=user(p.DIRECTOR), plan=plan)


def invoice(order, amount, on: datetime.date, reference: str = "FH-TEST"):
    return ar_services.post_invoice(actor=user("finance"), order=order, amount=Decimal(amount), on=on,
                                    reference=reference)


def payment(customer, amount, on: datetime.date):
    return ar_services.record_payment(actor=user("finance"), customer=customer, amount=Decimal(amount),
                                      received_on=on, method="bank_transfer", reference="BANK-T")


def credit(customer, amount, on: datetime.date, kind: str = "return"):
    return ar_services.post_credit_note(actor=user("finance"), customer=customer, amount=Decimal(amount), on=on,
                                        reason="test", reference="CN-T", kind=kind)
