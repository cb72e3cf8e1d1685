"""The demo's return visits: made through the services after the demo tickets, in every state, with every member
customer covered and follow-ups at each step."""

import pytest
from django.db.models import Count

from apps.org import selectors as org_selectors
from apps.service.models import FindingStep, ReturnVisit, Ticket
from apps.service.seed import seed_routing, seed_tickets
from apps.service.visits import selectors
from apps.service.visits.choices import ReturnVisitStatus
from apps.service.visits.seed import seed_visits
from core.testing.helpers import user

from .factories import make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    people = {e.user.username: e for e in org_selectors.list_employees_for(user("admin"))}
    customers = [make_customer(is_member=index % 3 == 0) for index in range(12)]
    context = {"people": people, "customers": customers}
    seed_routing(user("cs_manager"))
    seed_tickets(context)
    seed_visits(context)
    return context


def test_the_demo_has_visits_in_every_state_and_covers_every_member(demo):
    states = set(ReturnVisit.objects.values_list("status", flat=True))
    assert states == set(ReturnVisitStatus.values)
    sources = dict(ReturnVisit.objects.values_list("source").annotate(n=Count("id")))
    assert sources.keys() == {"ticket", "member", "follow_up"}
    assert selectors.member_coverage().percent == 100.0
    assert ReturnVisit.objects.filter(answered_via="link").exists()
    assert set(FindingStep.objects.values_list("kind", flat=True)) == {"forward", "measures", "revisit"}
    assert Ticket.objects.filter(status="reopened", findings__satisfied=False).exists()


def test_open_ticket_visits_follow_the_back_dated_resolutions(demo):
    for visit in ReturnVisit.objects.filter(source="ticket", status="pending").select_related("ticket"):
        assert visit.created_at == visit.ticket.resolved_at
        assert visit.due_at > visit.ticket.resolved_at
