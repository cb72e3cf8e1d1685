"""The inbox's box counts (one aggregate over open tickets, one over watched ones, which also count the filtered list)
agree with the boxes' own lists; a page fetched by its ids keeps the list's order."""

import datetime as dt

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


@pytest.mark.parametrize("persona", [p.CS_AGENT, p.CS_MANAGER])
@pytest.mark.parametrize(("box", "exact", "search"), [
    ("open", {}, ""), ("mine", {}, ""), ("team", {"kind": "complaint"}, ""), ("breached", {}, ""),
    ("unassigned", {"priority": "high"}, ""), ("open", {"status": TicketStatus.CLOSED}, ""),
    ("watching", {}, ""), ("watching", {"kind": "inquiry"}, ""), ("open", {}, "价格"),
])
def test_the_page_total_counted_beside_the_boxes_equals_the_filtered_list(persona, box, exact, search):
    make_rule("cs-complaint", kind="complaint")
    agent = user(p.CS_AGENT)
    make_ticket(kind="complaint", complaint_type="effective", assign_to_me=True, priority="high")
    make_ticket(kind="complaint", complaint_type="effective")
    make_ticket(kind="inquiry", subject="价格咨询")
    watched_closed = make_ticket(kind="inquiry")
    Ticket.objects.filter(pk=watched_closed.pk).update(status=TicketStatus.CLOSED)
    watched_closed.watchers.add(agent)
    viewer = user(persona)
    filters = selectors.InboxFilters(box=box, exact=exact, search=search)

    counts = selectors.box_counts(viewer, filters)

    assert counts["page"] == selectors.list_tickets_for(viewer, filters).count()


def test_the_box_of_all_tickets_leaves_its_total_to_the_list():
    make_ticket()
    counts = selectors.box_counts(user(p.CS_MANAGER), selectors.InboxFilters(box="all"))
    assert "page" not in counts and counts["open"] == 1


def test_a_page_fetched_by_its_ids_keeps_the_lists_order_and_slice():
    manager = user(p.CS_MANAGER)
    for hours in [5, 1, 9, 3, 7, 2, 8]:
        ticket = make_ticket()
        Ticket.objects.filter(pk=ticket.pk).update(resolution_due=ticket.received_at + dt.timedelta(hours=hours))
    listed = selectors.list_tickets_for(manager, selectors.InboxFilters(box="open"))

    assert list(selectors.page_rows(listed[2:5])) == list(listed[2:5])
    assert [t.resolution_due for t in selectors.page_rows(listed[2:5])] == sorted(t.resolution_due for t in listed[2:5])
