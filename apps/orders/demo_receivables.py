"""Demo receivables: opening balances brought forward (some overdue), and payments on account, so the aging chart
and the overdue alerts have something to show. Invoices of shipped goods come from the demo shipments."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from .services import receivables as ar_services

# (partner key, amount, days since the document, payment term days, paid on account)
OPENING = [("hz", "86000.00", 100, 90, "30000.00"), ("sh", "42800.00", 70, 30, "0"),
           ("alf", "56000.00", 40, 60, "20000.00"), ("sz", "23500.00", 20, 45, "0"),
           ("nb", "12800.00", 50, 30, "12800.00")]


def seed_receivables(context: dict) -> int:
    """Post the opening balances and the payments on account; returns how many documents were posted."""
    finance = get_user_model().objects.filter(username="finance").first()
    partners = context.get("partners") or {}
    if finance is None:
        return 0
    today, posted = timezone.localdate(), 0
    for key, amount, days, term, paid in OPENING:
        partner = partners.get(key)
        if partner is None:
            continue
        on = today - datetime.timedelta(days=days)
        ar_services.post_opening_invoice(actor=finance, customer=partner.customer, amount=Decimal(amount), on=on,
                                         due_on=on + datetime.timedelta(days=term), reference="期初应收 2026")
        posted += 1
        if Decimal(paid):
            ar_services.record_payment(actor=finance, customer=partner.customer, amount=Decimal(paid),
                                       received_on=on + datetime.timedelta(days=min(term, days) // 2),
                                       method="bank_transfer", reference=f"回款 {key.upper()}-{days}")
    return posted
