"""The service dashboard: its numbers over a known set of tickets, the user's scope, query counts, the page."""

import datetime as dt

import pytest
from django.utils import timezone

from apps.service import services
from apps.service.models import ReturnVisit, Ticket
from apps.service.quality.dashboard import service_dashboard
from apps.service.services import visits as visit_services
from core.testing import personas as p
from core.testing.helpers import max_queries, user, web_as

from .factories import category, make_rule, make_ticket

pytestmark = pytest.mark.django_db


def _resolve(ticket, *, after: dt.timedelta, late: bool = False) -> Ticket:
    """Resolve through the service, then place the times: first reply 10 minutes in, resolution `after`."""
    ticket = services.resolve_ticket(actor=user("cs_manager"), ticket=ticket)
    changes = {"first_responded_at": ticket.received_at + dt.timedelta(minutes=10),
               "resolved_at": ticket.received_at + after}
    if late:
        changes["resolution_due"] = ticket.received_at + dt.timedelta(hours=1)
    Ticket.objects.filter(pk=ticket.pk).update(**changes)
    ticket.refresh_from_db()
    return ticket


@pytest.fixture
def desk():
    """a: an inquiry solved on first contact; b: a repair solved late, its return visit done and satisfied;
    c: an open complaint in the complaint group, two hours old; d: an inquiry from 40 days ago."""
    now = timezone.now()
    make_rule("cs-complaint", kind="complaint")
    a = make_ticket("cs_manager", kind="inquiry", channel="hotline", received_at=now - dt.timedelta(days=2),
                    assign_to_me=True, category=category("其他"))
    a = _resolve(a, after=dt.timedelta(minutes=30))
    b = make_ticket("cs_manager", kind="repair", channel="wechat", received_at=now - dt.timedelta(days=3),
                    assign_to_me=True, category=category("喷头与墨路"), product="写真机")
    b = _resolve(b, after=dt.timedelta(hours=5), late=True)
    visit = ReturnVisit.objects.get(ticket=b)
    ReturnVisit.objects.filter(pk=visit.pk).update(due_at=now - dt.timedelta(days=1))
    visit_services.record_return_visit(actor=user("return_visit_agent"), visit=visit, reached=True, satisfied=True,
                                       score=5)
    c = make_ticket("cs_manager", kind="complaint", channel="hotline", received_at=now - dt.timedelta(hours=2),
                    category=category("服务态度"))
    d = make_ticket("cs_manager", kind="inquiry", received_at=now - dt.timedelta(days=40), assign_to_me=True)
    Ticket.objects.filter(pk=d.pk).update(status="resolved", resolved_at=now - dt.timedelta(days=39))
    return {"a": a, "b": b, "c": c, "d": d}


def _table(chart) -> dict:
    return {row[0]: row[1:] for row in chart.rows}


def test_the_numbers_over_a_known_month(desk, settings):
    from core.testing.helpers import english

    with english(settings):
        board = service_dashboard(user(p.CS_MANAGER))

    kpis = {k.key: k.value for k in board.kpis}
    assert kpis["received"] == "3"  # d is older than 30 days
    assert kpis["sla"] == "50.0%"  # a in time, b late
    assert kpis["fcr"] == "50.0%"  # a within 60 minutes, b not
    assert kpis["satisfaction"] == "100.0%" and kpis["visits"] == "100.0%"
    assert kpis["backlog"] == "1"
    volume = board.charts["volume"]
    assert volume.footer[1:] == [1, 1, 1, 3]
    assert sorted(volume.headers[1:-1]) == ["Complaint (投诉)", "Inquiry (咨询)", "Repair request (报修)"]
    assert len(volume.rows) == 30 and volume.rows[-1][0] == timezone.localdate().strftime("%m-%d")
    sla = _table(board.charts["sla"])
    assert sla["Inquiry (咨询)"] == [1, 1, "100.0%", 1, 1, "100.0%"]
    assert sla["Repair request (报修)"] == [1, 0, "0.0%", 1, 1, "100.0%"]
    assert _table(board.charts["fcr"])["Inquiry (咨询)"] == [1, 1, "100.0%"]
    assert board.charts["satisfaction"].footer[1:4] == [1, 1, "100.0%"]
    assert _table(board.charts["visits"])["After a resolved ticket"][:4] == [1, 1, 0, "100.0%"]  # done a day late
    assert _table(board.charts["defects"]) == {"Print head and ink system": [1, "100.0%"]}
    assert _table(board.charts["backlog"]) == {"Complaint Group": [1, 0, 0, 1]}
    assert board.charts["sla"].spec["series"][0]["values"] == [100.0, 0.0]


def test_volume_splits_by_channel_or_category(desk, settings):
    from core.testing.helpers import english

    with english(settings):
        by_channel = service_dashboard(user(p.CS_MANAGER), by="channel").charts["volume"]
        by_category = service_dashboard(user(p.CS_MANAGER), by="category").charts["volume"]

    assert dict(zip(by_channel.headers[1:-1], by_channel.footer[1:-1], strict=True)) == {
        "Service hotline": 2, "WeChat": 1}
    assert dict(zip(by_category.headers[1:-1], by_category.footer[1:-1], strict=True)) == {
        "Other": 1, "Print head and ink system": 1, "Service attitude": 1}
    assert by_category.spec["stack"] is True and len(by_category.spec["series"]) == 3


def test_an_agent_sees_the_numbers_of_their_own_scope(desk):
    board = service_dashboard(user(p.CS_AGENT))  # the complaint group: only c

    kpis = {k.key: k.value for k in board.kpis}
    assert kpis["received"] == "1" and kpis["backlog"] == "1"
    assert kpis["sla"] == "—" and board.charts["defects"].empty and board.charts["satisfaction"].empty


def test_the_dashboard_runs_a_fixed_number_of_queries_however_many_tickets(desk):
    manager = user(p.CS_MANAGER)
    service_dashboard(manager)  # warm the scope context cache like a request would
    with max_queries(20) as few:
        service_dashboard(manager)
    now = timezone.now()
    for day in range(12):
        make_ticket("cs_manager", kind="repair", received_at=now - dt.timedelta(days=day, hours=1),
                    category=category("电气故障"))

    with max_queries(len(few.captured_queries)):
        service_dashboard(manager)


def test_the_page_and_its_htmx_partial(desk):
    client = web_as(p.CS_MANAGER)

    page = client.get("/service/dashboard/")
    partial = client.get("/service/dashboard/?by=channel", headers={"HX-Request": "true"})

    assert page.status_code == 200
    html = page.content.decode()
    for key in ("volume", "sla", "fcr", "satisfaction", "visits", "defects", "backlog"):
        assert f'id="chart-card-{key}"' in html and f'data-table="{key}"' in html
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    assert 'data-by="channel"' in partial.content.decode()


def test_who_may_open_the_dashboard():
    assert web_as(None).get("/service/dashboard/").status_code == 302
    assert web_as(p.NORTH_REP).get("/service/dashboard/").status_code == 403
    assert web_as(p.PARTNER_A_USER).get("/service/dashboard/").status_code == 403
    assert web_as(p.CS_AGENT).get("/service/dashboard/").status_code == 200
    assert web_as(p.DIRECTOR).get("/service/dashboard/").status_code == 200
