"""Writers of the year-end rebate (年终返利): monthly accrual from shipments net of returns at the partner tier's
volume tiers, settled as a rebate credit note after the year ends."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.channels.choices import PartnerStatus
from apps.channels.models import Partner
from core import rules as rule_data

from .. import rules
from ..choices import ARDocumentKind, CreditNoteKind, RebateStatus
from ..models import ARDocument, RebateAccrual, RebateAccrualMonth
from . import receivables

ZERO = Decimal("0")


def volumes(start: datetime.date, end: datetime.date) -> dict[int, Decimal]:
    """Shipments net of returns per customer between two dates: invoices minus return credit notes (1 query)."""
    result: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = ARDocument.objects.filter(
        Q(kind=ARDocumentKind.INVOICE) | Q(kind=ARDocumentKind.CREDIT_NOTE, credit_kind=CreditNoteKind.RETURN),
        document_date__range=(start, end))
    for row in rows.values("customer_id", "kind").annotate(total=Sum("amount")).order_by():
        sign = 1 if row["kind"] == ARDocumentKind.INVOICE else -1
        result[row["customer_id"]] += sign * row["total"]
    return result


def _next_tier(volume: Decimal, tiers) -> tuple[Decimal | None, Decimal | None]:
    for threshold, percent in sorted((Decimal(str(t)), Decimal(str(p))) for t, p in tiers):
        if volume < threshold:
            return threshold, percent
    return None, None


@transaction.atomic
def accrue_rebates(*, actor, through: datetime.date) -> int:
    """Bring every active partner's rebate of `through`'s year up to date (set-based; repeatable: the month's row is
    replaced). Settled years are left alone. Returns the number of partners accrued."""
    year = through.year
    tiers_by_tier = rule_data.value("orders.rebate_tiers", through)
    volume_of = volumes(datetime.date(year, 1, 1), through)
    partners = list(Partner.objects.filter(status=PartnerStatus.ACTIVE).values_list("pk", "customer_id", "tier"))
    existing = {a.partner_id: a for a in RebateAccrual.objects.filter(year=year)}
    new, changed, snapshots = [], [], []
    now = timezone.now()
    for partner_id, customer_id, tier in partners:
        accrual = existing.get(partner_id) or RebateAccrual(partner_id=partner_id, year=year, created_by=actor,
                                                             created_at=now)
        if accrual.status == RebateStatus.SETTLED:
            continue
        tiers = tiers_by_tier.get(tier, [])
        volume = max(volume_of.get(customer_id, ZERO), ZERO)
        rate, amount = rules.rebate_amount(volume, tiers)
        previous = accrual.amount if accrual.pk else ZERO
        accrual.tier, accrual.through, accrual.volume = tier, through, volume
        accrual.rate, accrual.amount = rate, amount
        accrual.next_threshold, accrual.next_rate = _next_tier(volume, tiers)
        accrual.updated_by, accrual.updated_at = actor, now
        (changed if accrual.pk else new).append(accrual)
        snapshots.append((accrual, previous))
    RebateAccrual.objects.bulk_create(new)
    RebateAccrual.objects.bulk_update(changed, ["tier", "through", "volume", "rate", "amount", "next_threshold",
                                                "next_rate", "updated_by", "updated_at"])
    months = {(m.accrual_id, m.month): m for m in RebateAccrualMonth.objects.filter(
        accrual__in=[a for a, _p in snapshots], month=through.month)}
    month_rows_new, month_rows_changed = [], []
    for accrual, previous in snapshots:
        row = months.get((accrual.pk, through.month))
        if row is None:
            row = RebateAccrualMonth(accrual=accrual, month=through.month)
            month_rows_new.append(row)
            change_base = previous
        else:
            month_rows_changed.append(row)
            change_base = row.amount - row.change  # the month's own opening, kept when the month is re-run
        row.through, row.volume, row.rate, row.amount = through, accrual.volume, accrual.rate, accrual.amount
        row.change = accrual.amount - change_base
    RebateAccrualMonth.objects.bulk_create(month_rows_new)
    RebateAccrualMonth.objects.bulk_update(month_rows_changed, ["through", "volume", "rate", "amount", "change"])
    return len(snapshots)


@transaction.atomic
def settle_rebates(*, actor, year: int, on: datetime.date | None = None) -> int:
    """After the year: a final accrual through 31 December, then one rebate credit note per partner that earned
    one. Returns how many credit notes were posted."""
    year_end = datetime.date(year, 12, 31)
    on = on or timezone.localdate()
    if on <= year_end:
        raise ValidationError({"year": _("A year is settled after it ends.")})
    accrue_rebates(actor=actor, through=year_end)
    posted = 0
    accruals = RebateAccrual.objects.select_for_update(of=("self",)).filter(year=year, status=RebateStatus.ACCRUING) \
        .select_related("partner__customer")
    for accrual in accruals:
        if accrual.amount > 0:
            note = receivables.post_credit_note(
                actor=actor, customer=accrual.partner.customer, amount=accrual.amount, on=on,
                kind=CreditNoteKind.REBATE, reference=f"REBATE-{year}", source_id=accrual.pk,
                reason=_("Year-end rebate %(year)s: %(rate)s %% of %(volume)s")
                % {"year": year, "rate": accrual.rate.normalize(), "volume": accrual.volume})
            accrual.credit_reference = note.number
            posted += 1
        accrual.status, accrual.settled_at, accrual.settled_by = RebateStatus.SETTLED, timezone.now(), actor
        accrual.save(update_fields=["status", "settled_at", "settled_by", "credit_reference", "updated_at"])
    return posted
