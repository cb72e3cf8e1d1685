"""Partner scorecards: the quarterly job opens them, a manager fills them, poor scorers are flagged."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import rules as rule_data

from .. import rules
from ..choices import PartnerStatus, ScorecardStatus
from ..models import Partner, PartnerScorecard
from . import notices


def create_quarterly_scorecards(*, today: datetime.date | None = None) -> int:
    """Open a scorecard for the quarter just ended for every partner in force then; idempotent."""
    today = today or timezone.localdate()
    start, end = rules.previous_quarter(today)
    partners = Partner.objects.filter(status=PartnerStatus.ACTIVE, admitted_on__lte=end).exclude(
        scorecards__period_start=start)
    created = PartnerScorecard.objects.bulk_create(
        [PartnerScorecard(partner=p, period_start=start, period_end=end) for p in partners], ignore_conflicts=True)
    if created:
        notices.tell_role("department_manager", url=reverse("channels:scorecards") + "?status=open",
                          title=_("%(count)s partner scorecards to fill for %(start)s – %(end)s")
                          % {"count": len(created), "start": start.isoformat(), "end": end.isoformat()})
    return len(created)


def _score(value, field: str) -> int | None:
    if value is None:
        return None
    if not 0 <= int(value) <= 100:
        raise ValidationError({field: _("Enter a score between 0 and 100.")})
    return int(value)


@transaction.atomic
def fill_scorecard(*, actor, scorecard: PartnerScorecard, service_level=None, sales_amount: Decimal | None = None,
                   sales_quota: Decimal | None = None, payment_punctuality=None, complaint_count=None,
                   notes: str = "") -> PartnerScorecard:
    """Enter the scores; the total follows the weights in force, and a poor total is flagged for follow-up."""
    scorecard = (PartnerScorecard.objects.select_for_update(of=("self",)).select_related("partner__customer")
                 .get(pk=scorecard.pk))
    if sales_amount is not None and not sales_quota:
        raise ValidationError({"sales_quota": _("Enter the quota the sales are measured against.")})
    scorecard.service_level = _score(service_level, "service_level")
    scorecard.payment_punctuality = _score(payment_punctuality, "payment_punctuality")
    scorecard.sales_amount, scorecard.sales_quota = sales_amount, sales_quota
    scorecard.complaint_count = complaint_count
    scorecard.notes = notes
    on = scorecard.period_end
    scores = {"service_level": scorecard.service_level, "payment": scorecard.payment_punctuality,
              "sales": rules.sales_score(sales_amount, sales_quota),
              "complaints": rules.complaints_score(complaint_count,
                                                   rule_data.value("channels.scorecard_complaint_penalty", on=on))}
    scorecard.total = rules.scorecard_total(scores, rule_data.value("channels.scorecard_weights", on=on))
    previous = (PartnerScorecard.objects.filter(partner=scorecard.partner, period_start__lt=scorecard.period_start)
                .order_by("-period_start").first())
    scorecard.follow_up = rules.follow_up(scorecard.total, rule_data.value("channels.scorecard_poor_threshold", on=on),
                                          previously_flagged=bool(previous and previous.flagged))
    scorecard.flagged = bool(scorecard.follow_up)
    complete = scorecard.total is not None
    scorecard.status = ScorecardStatus.COMPLETED if complete else ScorecardStatus.OPEN
    scorecard.filled_at = timezone.now() if complete else None
    scorecard.updated_by = actor
    scorecard.save()
    if scorecard.flagged:
        notices.tell_users([scorecard.partner.customer.owner], level="warning",
                           url=notices.partner_url(scorecard.partner) + "?tab=scorecards",
                           title=_("%(name)s scored %(total)s: %(follow_up)s")
                           % {"name": scorecard.partner.name, "total": scorecard.total,
                              "follow_up": scorecard.get_follow_up_display()})
    return scorecard
