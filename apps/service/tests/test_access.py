"""Who sees which tickets (docs/decisions/0006-ticket-scope.md)."""

import pytest

from apps.service.access import tickets_visible_to
from core.testing import personas as p
from core.testing.helpers import user

from .factories import make_customer, make_rule, make_ticket, unit

pytestmark = pytest.mark.django_db


def visible(username):
    return set(tickets_visible_to(user(username)).values_list("subject", flat=True))


@pytest.fixture
def tickets():
    make_rule("cs-complaint", kind="complaint", position=10)
    make_rule("cs-inquiry", kind="inquiry", position=20)
    make_rule("as-service", kind="repair", position=30, department="aftersales")
    partner_customer = make_customer(partner_unit=unit("partner-bj-alf"))
    return {
        "complaint": make_ticket("cs_manager", kind="complaint", subject="complaint"),
        "inquiry": make_ticket("cs_manager", kind="inquiry", subject="inquiry"),
        "repair": make_ticket("cs_manager", kind="repair", subject="repair"),
        "partner": make_ticket("cs_manager", kind="suggestion", subject="partner", customer=partner_customer),
        "by_rep": make_ticket("sales_rep", kind="suggestion", subject="by_rep"),
    }


def test_managers_and_evaluators_see_every_ticket(tickets):
    everything = set(tickets)
    for persona in (p.CS_MANAGER, p.CS_SUPERVISOR, p.DIRECTOR, p.SYSTEM_ADMIN, "qa_evaluator"):
        assert visible(persona) == everything


def test_an_agent_sees_the_team_subtree_only(tickets):
    assert visible(p.CS_AGENT) == {"complaint"}  # 投诉受理组
    assert visible(p.CS_GROUP_LEADER) == {"complaint"}


def test_the_responsible_department_sees_its_tickets(tickets):
    assert visible("aftersales_manager") == {"repair"}


def test_staff_outside_see_what_they_logged(tickets):
    assert visible(p.NORTH_REP) == {"by_rep"}
    assert visible(p.SOUTH_REP) == set()


def test_a_partner_user_sees_only_its_companys_tickets(tickets):
    assert visible(p.PARTNER_A_USER) == {"partner"}
    assert visible(p.PARTNER_B_USER) == set()


def test_assigned_and_watched_tickets_are_visible(tickets):
    from apps.service import services

    services.assign_ticket(actor=user(p.CS_MANAGER), ticket=tickets["inquiry"], assignee=user(p.CS_AGENT))
    tickets["repair"].watchers.add(user(p.CS_AGENT))
    assert visible(p.CS_AGENT) == {"complaint", "inquiry", "repair"}


def test_anonymous_sees_nothing(tickets):
    from django.contrib.auth.models import AnonymousUser

    assert not tickets_visible_to(AnonymousUser()).exists()
