"""Trial distributors' terms: a notice before the end, and the automatic end once the term has passed."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import rules as rule_data

from .. import rules
from ..choices import PartnerStatus, PartnerTier
from ..models import Partner
from . import notices
from .partners import end_partner, locked

TRIAL_EXPIRED = gettext_noop("Trial expired")


def send_trial_notices(*, today: datetime.date | None = None) -> int:
    """Tell each trial distributor's owner, once, that its trial ends soon; returns how many were told."""
    today = today or timezone.localdate()
    notice_days = rule_data.value("channels.trial_notice_days", on=today)
    candidates = Partner.objects.filter(
        status=PartnerStatus.ACTIVE, tier=PartnerTier.TRIAL_DISTRIBUTOR, trial_notice_sent_on__isnull=True,
        trial_ends_on__gte=today, trial_ends_on__lte=today + datetime.timedelta(days=notice_days),
    ).select_related("customer__owner")
    told = 0
    for partner in candidates:
        if not rules.trial_notice_due(today, partner.trial_ends_on, notice_days, partner.trial_notice_sent_on):
            continue
        with transaction.atomic():
            if not Partner.objects.filter(pk=partner.pk, trial_notice_sent_on__isnull=True).update(
                    trial_notice_sent_on=today):
                continue  # another run got there first
            notices.tell_users(
                [partner.customer.owner], level="warning", url=notices.partner_url(partner), email=True,
                title=_("Trial of %(name)s ends on %(date)s") % {"name": partner.name,
                                                                   "date": partner.trial_ends_on.isoformat()},
                body=_("Promote it with an approved distributor application before then, or the trial ends."),
            )
        told += 1
    return told


def expire_trials(*, today: datetime.date | None = None) -> int:
    """End every trial whose term has passed (terminated, reason "trial expired"); returns how many ended."""
    today = today or timezone.localdate()
    candidates = Partner.objects.filter(status__in=[PartnerStatus.ACTIVE, PartnerStatus.SUSPENDED],
                                        tier=PartnerTier.TRIAL_DISTRIBUTOR, trial_ends_on__lt=today)
    ended = 0
    for partner in candidates:
        if not rules.trial_expired(today, partner.trial_ends_on):
            continue
        with transaction.atomic():
            partner = locked(partner)
            if partner.tier != PartnerTier.TRIAL_DISTRIBUTOR or partner.status == PartnerStatus.TERMINATED:
                continue
            end_partner(actor=None, partner=partner, reason=_(TRIAL_EXPIRED))
        ended += 1
    return ended
