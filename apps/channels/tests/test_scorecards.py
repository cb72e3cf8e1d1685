"""Quarterly scorecards: opened by the job for partners in force, filled with weights, poor scorers flagged."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.channels import services
from apps.channels.choices import PartnerStage
from apps.channels.models import PartnerScorecard
from core.models import Notification
from core.testing import personas as p
from core.testing.helpers import user

from .factories import make_partner

pytestmark = pytest.mark.django_db

JULY = datetime.date(2026, 7, 1)  # the first run of Q3 opens Q2's scorecards
Q2 = (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))


def test_the_job_opens_a_scorecard_for_each_partner_in_force_and_only_once():
    active = make_partner(PartnerStage.DISTRIBUTOR, on=datetime.date(2026, 3, 1))
    make_partner(PartnerStage.SUSPENDED, on=datetime.date(2026, 3, 1))
    make_partner(PartnerStage.APPLICANT)
    make_partner(PartnerStage.AGENT, on=datetime.date(2026, 7, 1))  # admitted after the quarter
    assert services.create_quarterly_scorecards(today=JULY) == 1
    assert services.create_quarterly_scorecards(today=JULY + datetime.timedelta(days=1)) == 0
    card = PartnerScorecard.objects.get()
    assert (card.partner, card.period_start, card.period_end, card.status) == (active, *Q2, "open")
    assert Notification.objects.filter(recipient=user(p.DEPARTMENT_MANAGER), title__contains="2026-04-01").exists()


def scorecard(on=datetime.date(2026, 3, 1)):
    partner = make_partner(PartnerStage.DISTRIBUTOR, on=on)
    services.create_quarterly_scorecards(today=JULY)
    return partner.scorecards.get()


def fill(card, **scores):
    values = {"service_level": 90, "sales_amount": Decimal("1800000"), "sales_quota": Decimal("2000000"),
              "payment_punctuality": 85, "complaint_count": 1, **scores}
    return services.fill_scorecard(actor=user(p.DEPARTMENT_MANAGER), scorecard=card, **values)


def test_filling_computes_the_total_with_the_seeded_weights():
    card = fill(scorecard())
    assert (card.total, card.status, card.flagged, card.follow_up) == (Decimal("88.0"), "completed", False, "")


def test_a_poor_total_is_flagged_for_training_and_the_owner_told():
    card = fill(scorecard(), service_level=60, sales_amount=Decimal("200000"), sales_quota=Decimal("500000"),
                payment_punctuality=50, complaint_count=3)
    assert (card.total, card.flagged, card.follow_up) == (Decimal("48.0"), True, "training")
    assert Notification.objects.filter(recipient=user(p.NORTH_REP), level="warning").exists()


def test_poor_again_the_next_quarter_means_elimination_review():
    poor = {"service_level": 40, "sales_amount": Decimal("100000"), "payment_punctuality": 40, "complaint_count": 4}
    first = fill(scorecard(), **poor)
    services.create_quarterly_scorecards(today=datetime.date(2026, 10, 1))
    second = fill(first.partner.scorecards.get(period_start=datetime.date(2026, 7, 1)), **poor)
    assert first.follow_up == "training" and second.follow_up == "elimination"


def test_a_partial_scorecard_stays_open():
    card = services.fill_scorecard(actor=user(p.DEPARTMENT_MANAGER), scorecard=scorecard(), service_level=80)
    assert (card.status, card.total) == ("open", None)


def test_scores_must_be_0_to_100_and_sales_need_a_quota():
    with pytest.raises(ValidationError):
        fill(scorecard(), service_level=101)
    with pytest.raises(ValidationError) as exc:
        fill(scorecard(on=datetime.date(2026, 2, 1)), sales_quota=None)
    assert "sales_quota" in exc.value.message_dict
