"""The public pool (公海): the daily reclaim of neglected customers with notice, claims within the private-customer
cap, releases, and the reads of the pool pages."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from apps.org import selectors as org_selectors
from core import rules as rule_values
from core.notify import notify

from .. import access
from ..choices import PoolEventKind
from ..models import Customer, PoolEvent
from ..rules import FOLLOW_UP, NOTICE, RECLAIM, PoolDecision, PoolRules, pool_decision, reclaim_date

CHUNK = 500
OWNING_EVENTS = [PoolEventKind.CLAIM, PoolEventKind.HANDOVER]
_RECLAIM_FIELDS = ["owner", "in_pool", "pool_since", "reclaim_notice_at", "updated_by", "updated_at"]


class PoolConflict(Exception):
    """The pool's state does not allow the move (already claimed, cap reached); `code` is stable for the API."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def pool_rules(on: datetime.date | None = None) -> PoolRules:
    """The pool parameters in force on `on` (today by default)."""
    return PoolRules(
        days_without_follow_up=rule_values.value("customers.pool_days_without_follow_up", on=on),
        days_without_deal=int(rule_values.value("customers.pool_days_without_deal", on=on)),
        notice_days=int(rule_values.value("customers.pool_notice_days", on=on)),
    )


def private_cap(on: datetime.date | None = None) -> int:
    return int(rule_values.value("customers.private_customer_cap", on=on))


def private_count(user) -> int:
    """How many private (owned, not pooled) customers a rep holds, as counted against the cap."""
    return Customer.objects.filter(owner=user, in_pool=False, merged_into__isnull=True).count()


# -- reads ------------------------------------------------------------------------------------------------------

def list_pool_for(user, *, region: str = "", grade: str = "", industry: str = "", search: str = "") -> QuerySet:
    """Customers in the pool a user may claim, filtered, longest in the pool first."""
    customers = access.pool_visible_to(user).select_related("region")
    if region:
        customers = customers.filter(region_id=region)
    if grade:
        customers = customers.filter(grade="" if grade == "none" else grade)
    if industry:
        customers = customers.filter(industry=industry)
    if search:
        customers = customers.filter(Q(name__icontains=search) | Q(name_initials__startswith=search.lower())
                                     | Q(city__icontains=search))
    return customers.order_by("pool_since", "pk")


def pool_industries() -> list[str]:
    """The industries of customers in the pool, for the filter."""
    return list(Customer.objects.filter(in_pool=True, merged_into__isnull=True).exclude(industry="")
                .order_by("industry").values_list("industry", flat=True).distinct())


@dataclass(frozen=True)
class ReclaimNotice:
    customer: Customer
    reclaim: PoolDecision  # its due_on is the day the customer goes to the pool


def list_reclaim_notices_for(user) -> list[ReclaimNotice]:
    """The user's own customers under a reclaim notice in this cycle, soonest first."""
    rules = pool_rules()
    customers = (_with_owned_since(_reclaimable().filter(owner=user, reclaim_notice_at__isnull=False))
                 .select_related("region"))
    notices = []
    for customer in customers:
        follow_up_since, deal_since = _clocks(customer)
        reclaim = reclaim_date(grade=customer.grade, follow_up_since=follow_up_since, deal_since=deal_since,
                               noticed_at=customer.reclaim_notice_at, rules=rules)
        if reclaim is not None:
            notices.append(ReclaimNotice(customer, reclaim))
    return sorted(notices, key=lambda n: (n.reclaim.due_on, n.customer.pk))


def pool_events_of(customer: Customer) -> QuerySet[PoolEvent]:
    return customer.pool_events.select_related("from_owner__employee", "to_owner__employee", "actor__employee")


# -- the daily job ----------------------------------------------------------------------------------------------

def run_pool_rules(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Give notice to, then reclaim, owned customers without follow-up or deal for too long (the daily job)."""
    now = now or timezone.now()
    rules = pool_rules(timezone.localdate(now))
    pks = list(_candidates(now, rules).values_list("pk", flat=True))
    totals = Counter(notice=0, reclaim=0)
    for start in range(0, len(pks), CHUNK):
        totals.update(_apply_rules(pks[start:start + CHUNK], now, rules))
    return dict(totals)


def _reclaimable() -> QuerySet[Customer]:
    return Customer.objects.filter(in_pool=False, owner__isnull=False, is_key_account=False, pool_exempt=False,
                                   merged_into__isnull=True)


def _with_owned_since(customers: QuerySet[Customer]) -> QuerySet[Customer]:
    """Annotate when the current owner got the customer (last claim or hand-over; else its creation)."""
    latest = (PoolEvent.objects.filter(customer=OuterRef("pk"), kind__in=OWNING_EVENTS)
              .order_by("-occurred_at").values("occurred_at")[:1])
    return customers.annotate(owned_since=Coalesce(Subquery(latest), F("created_at")))


def _candidates(now: datetime.datetime, rules: PoolRules) -> QuerySet[Customer]:
    """A cheap superset of the customers the rules may touch today (a later owner only postpones the clock)."""
    def cutoff(days: int) -> datetime.datetime:
        return now - datetime.timedelta(days=days - rules.notice_days - 1)

    shortest = min(rules.follow_up_days(g) for g in [*rules.days_without_follow_up, ""])
    return _reclaimable().annotate(
        follow_up_clock=Coalesce("last_activity_at", "created_at"), deal_clock=Coalesce("last_deal_at", "created_at"),
    ).filter(Q(follow_up_clock__lt=cutoff(shortest)) | Q(deal_clock__lt=cutoff(rules.days_without_deal)))


def _clocks(customer: Customer) -> tuple[datetime.datetime, datetime.datetime]:
    owned = customer.owned_since
    return (max(customer.last_activity_at or customer.created_at, owned),
            max(customer.last_deal_at or customer.created_at, owned))


def _decide(customer: Customer, now: datetime.datetime, rules: PoolRules) -> PoolDecision | None:
    follow_up_since, deal_since = _clocks(customer)
    return pool_decision(grade=customer.grade, follow_up_since=follow_up_since, deal_since=deal_since,
                         noticed_at=customer.reclaim_notice_at, now=now, rules=rules)


@transaction.atomic
def _apply_rules(pks: list[int], now: datetime.datetime, rules: PoolRules) -> Counter:
    customers = (_with_owned_since(_reclaimable().select_for_update(of=("self",)).filter(pk__in=pks))
                 .select_related("owner"))
    decided = [(c, d) for c in customers if (d := _decide(c, now, rules)) is not None]
    notices = [(c, d) for c, d in decided if d.action == NOTICE]
    reclaims = [(c, d) for c, d in decided if d.action == RECLAIM]
    if notices:
        _give_notice(notices, now)
    if reclaims:
        _reclaim(reclaims, now)
    return Counter(notice=len(notices), reclaim=len(reclaims))


def _reason(decision: PoolDecision) -> str:
    if decision.rule == FOLLOW_UP:
        return _("No follow-up for %(days)s days") % {"days": decision.days}
    return _("No deal for %(days)s days") % {"days": decision.days}


def _give_notice(notices: list[tuple[Customer, PoolDecision]], now: datetime.datetime) -> None:
    Customer.objects.filter(pk__in=[c.pk for c, _d in notices]).update(reclaim_notice_at=now)
    PoolEvent.objects.bulk_create([
        PoolEvent(customer=c, kind=PoolEventKind.NOTICE, from_owner=c.owner,
                  reason=_("%(reason)s: goes to the pool on %(date)s") % {"reason": _reason(d), "date": d.due_on})
        for c, d in notices])
    by_owner = defaultdict(list)
    for customer, decision in notices:
        by_owner[customer.owner].append(f"{customer.name}（{decision.due_on:%Y-%m-%d}）")
    for owner, lines in by_owner.items():
        title = ngettext("%(n)s customer will go to the public pool unless you follow it up",
                         "%(n)s customers will go to the public pool unless you follow them up",
                         len(lines)) % {"n": len(lines)}
        notify([owner], title=title, body="\n".join(lines), url=reverse("customers:pool-notices"), level="warning")


def _reclaim(reclaims: list[tuple[Customer, PoolDecision]], now: datetime.datetime) -> None:
    events, by_owner = [], defaultdict(list)
    for customer, decision in reclaims:
        events.append(PoolEvent(customer=customer, kind=PoolEventKind.RECLAIM, from_owner=customer.owner,
                                reason=_reason(decision)))
        by_owner[customer.owner].append(customer.name)
        customer.owner, customer.in_pool, customer.pool_since = None, True, now
        customer.reclaim_notice_at, customer.updated_by, customer.updated_at = None, None, now
    bulk_update_with_history([c for c, _d in reclaims], Customer, _RECLAIM_FIELDS, batch_size=CHUNK,
                             default_change_reason=_("Reclaimed to the public pool"), default_date=now)
    PoolEvent.objects.bulk_create(events)
    for owner, names in by_owner.items():
        title = ngettext("%(n)s customer was reclaimed to the public pool",
                         "%(n)s customers were reclaimed to the public pool", len(names)) % {"n": len(names)}
        notify([owner], title=title, body="\n".join(names), url=reverse("customers:pool"), level="warning")


# -- claim and release ------------------------------------------------------------------------------------------

def claim_customer(*, actor, customer: Customer) -> Customer:
    """Take a customer from the pool as its owning rep, within the cap of private customers."""
    with transaction.atomic():
        # One claim at a time per rep, so two concurrent claims cannot both pass the cap (PostgreSQL; SQLite's
        # immediate transactions already run one writer at a time).
        get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
        cap = private_cap()
        held = private_count(actor)
        if held >= cap:
            raise PoolConflict("private_cap_reached", _("You already hold %(held)s private customers, the most "
                                                        "allowed (%(cap)s).") % {"held": held, "cap": cap})
        taken = (Customer.objects.filter(pk=customer.pk, in_pool=True, merged_into__isnull=True)
                 .update(in_pool=False, owner=actor))
        if not taken:
            raise PoolConflict("not_in_pool", _("This customer is no longer in the pool."))
        customer = Customer.objects.get(pk=customer.pk)
        customer.org_unit = org_selectors.unit_of(actor) or customer.org_unit
        customer.pool_since, customer.reclaim_notice_at, customer.updated_by = None, None, actor
        customer.save(update_fields=["org_unit", "pool_since", "reclaim_notice_at", "updated_by", "updated_at"])
        PoolEvent.objects.create(customer=customer, kind=PoolEventKind.CLAIM, to_owner=actor, actor=actor)
    return customer


def can_release(user, customer: Customer) -> bool:
    """The owning rep, or someone who may hand customers over, may put a customer back in the pool."""
    if not user.is_authenticated:
        return False
    return customer.owner_id == user.pk or access.can_reassign(user)


def release_customer(*, actor, customer: Customer, reason: str) -> Customer:
    """Put a customer back in the pool, with a reason."""
    if customer.in_pool:
        raise PoolConflict("already_in_pool", _("This customer is already in the pool."))
    if not can_release(actor, customer):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason for releasing the customer.")]})
    with transaction.atomic():
        previous = customer.owner
        released = (Customer.objects.filter(pk=customer.pk, in_pool=False, owner=previous)
                    .update(in_pool=True, owner=None))
        if not released:
            raise PoolConflict("changed_hands", _("This customer has changed hands meanwhile; reload the page."))
        customer = Customer.objects.get(pk=customer.pk)
        customer.pool_since, customer.reclaim_notice_at, customer.updated_by = timezone.now(), None, actor
        customer.save(update_fields=["pool_since", "reclaim_notice_at", "updated_by", "updated_at"])
        PoolEvent.objects.create(customer=customer, kind=PoolEventKind.RELEASE, from_owner=previous, actor=actor,
                                 reason=reason.strip()[:200])
    return customer
