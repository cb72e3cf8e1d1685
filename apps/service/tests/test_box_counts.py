"""The inbox's box counts (one query over open and watched tickets) agree with the boxes' own lists."""

import pytest

from apps.service import selectors
from apps.service.choices import TicketStatus
from apps.service.models import Ticket
from core.testing import personas as p
from core.testing.helpers import user

from .factories import make_rule, make_ticket

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", [p.CS_AGENT, p.CS_MANAGER])
def test_each_box_count_equals_the_number_of_tickets_the_box_lists(persona):
    make_rule("cs-complaint", kind="complaint")
    agent = user(p.CS_AGENT)
    mine = make_ticket(kind="complaint", complaint_type="effective", assign_to_me=True)
    make_ticket(kind="complaint", complaint_type="effective", is_major=True)
    make_ticket(kind="inquiry")
    closed = make_ticket(kind="complaint", complaint_type="effective")
    watched_closed = make_ticket(kind="complaint", complaint_type="effective")
    Ticket.objects.filter(pk__in=[closed.pk, watched_closed.pk]).update(status=TicketStatus.CLOSED)
    Ticket.objects.filter(pk=mine.pk).update(sla_status="breached")
    watched_closed.watchers.add(agent)
    mine.watchers.add(agent)
    viewer = user(persona)

    counts = selectors.box_counts(viewer)

    for box in ["mine", "team", "unassigned", "due_soon", "breached", "majors", "watching", "open"]:
        listed = selectors.list_tickets_for(viewer, selectors.InboxFilters(box=box)).count()
        assert counts[box] == listed, box
    if persona == p.CS_AGENT:
        assert counts["watching"] == 2 and counts["mine"] == 1 and counts["breached"] == 1
