"""The return-visit API contract: `GET /api/v1/return-visits/` (filters, pagination, ticket scope) and
`POST /api/v1/return-visits/{id}/record/`, with the anonymous / no permission / permitted / other scope matrix."""

import pytest

from apps.service.models import ReturnVisit
from core.testing import personas as p
from core.testing.helpers import api_as, max_queries, user

from .clock import at, frozen
from .factories import make_customer
from .visit_factories import resolved_ticket, routed, visit_of

pytestmark = pytest.mark.django_db
URL = "/api/v1/return-visits/"
AGENT = "return_visit_agent"


@pytest.fixture(autouse=True)
def _routing():
    routed()


@pytest.fixture
def complaint_visit():
    """A complaint of 投诉受理组 resolved by cs_agent: its visit went to the return-visit agent."""
    return visit_of(resolved_ticket(at(2026, 11, 24, 10), kind="complaint"))


@pytest.fixture
def inquiry_team_visit():
    """A service request of 咨询受理组 (outside cs_agent's team)."""
    return visit_of(resolved_ticket(at(2026, 11, 24, 10), kind="service", agent="cs_manager"))


def test_anonymous_is_401(complaint_visit):
    assert api_as(None).get(URL).status_code == 401
    response = api_as(None).post(f"{URL}{complaint_visit.pk}/record/", {"reached": False}, format="json")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_a_role_without_the_right_gets_403(complaint_visit):
    for persona in (p.NORTH_REP, "warranty_technician"):
        response = api_as(persona).get(URL)
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    response = api_as(p.NORTH_REP).post(f"{URL}{complaint_visit.pk}/record/", {"reached": False}, format="json")
    assert response.status_code == 403


def test_the_list_follows_the_ticket_scope(complaint_visit, inquiry_team_visit):
    assert {v["id"] for v in api_as(AGENT).get(URL).json()["results"]} == {complaint_visit.pk,
                                                                           inquiry_team_visit.pk}
    assert {v["id"] for v in api_as(p.CS_AGENT).get(URL).json()["results"]} == {complaint_visit.pk}
    assert api_as(p.CS_MANAGER).get(URL).json()["count"] == 2


def test_out_of_scope_is_404_by_id_and_for_the_action(inquiry_team_visit):
    client = api_as(p.CS_AGENT)
    assert client.get(f"{URL}{inquiry_team_visit.pk}/").status_code == 404
    response = client.post(f"{URL}{inquiry_team_visit.pk}/record/", {"reached": False}, format="json")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get(f"{URL}999999/").status_code == 404


def test_a_visible_visit_of_a_colleague_is_403_to_record(complaint_visit):
    response = api_as(p.CS_AGENT).post(f"{URL}{complaint_visit.pk}/record/", {"reached": False}, format="json")
    assert response.status_code == 403


def test_the_contract_fields():
    customer = make_customer(name="北京彩印广告有限公司", phone="13810086000")
    visit = visit_of(resolved_ticket(at(2026, 11, 24, 10), kind="repair", customer=customer))
    body = api_as(AGENT).get(f"{URL}{visit.pk}/").json()
    assert {"id", "source", "status", "status_label", "ticket", "ticket_number", "customer", "customer_name",
            "contact_name", "phone", "assignee", "due_at", "scheduled_at", "agreed_time", "attempt_count",
            "reached", "satisfied", "score", "comment", "suggestions"} <= set(body)
    assert body["source"] == "ticket" and body["status"] == "pending"
    assert body["due_at"] == "2026-11-27T10:00:00+08:00" and body["customer_name"] == "北京彩印广告有限公司"
    assert body["phone"] == "13810086000"  # return-visit agents dial by hand, so they may read it
    assert api_as(p.CS_MANAGER).get(f"{URL}{visit.pk}/").json()["phone"] == "13810086000"


def test_record_unsatisfied_reopens_and_returns_the_visit(complaint_visit):
    response = api_as(AGENT).post(f"{URL}{complaint_visit.pk}/record/", {
        "reached": True, "satisfied": False, "score": 2, "comment": "工程师态度差", "suggestions": "加强培训"},
        format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "done" and body["satisfied"] is False and body["score"] == 2
    assert body["ticket_status"] == "reopened" and body["suggestions"] == "加强培训"


def test_record_not_reached_plans_the_retry(complaint_visit):
    with frozen(at(2026, 11, 25, 10, 30)):
        body = api_as(AGENT).post(f"{URL}{complaint_visit.pk}/record/", {"reached": False, "comment": "无人接听"},
                                  format="json").json()
    assert body["status"] == "not_reached" and body["attempt_count"] == 1
    assert body["scheduled_at"] == "2026-11-25T14:00:00+08:00"


@pytest.mark.parametrize(("payload", "field"), [
    ({"reached": True, "satisfied": True, "score": 6}, "score"),
    ({"reached": True, "satisfied": True, "score": 0}, "score"),
    ({"reached": True, "satisfied": True, "score": "five"}, "score"),
    ({"reached": True, "satisfied": True}, "score"),
    ({"reached": True, "score": 4}, "satisfied"),
    ({"reached": True, "satisfied": False, "score": 2}, "comment"),
    ({"satisfied": True, "score": 5}, "reached"),
])
def test_bad_input_is_400_naming_the_field(complaint_visit, payload, field):
    response = api_as(AGENT).post(f"{URL}{complaint_visit.pk}/record/", payload, format="json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert field in response.json()["fields"]
    assert ReturnVisit.objects.get(pk=complaint_visit.pk).status == "pending"


def test_recording_a_done_visit_is_409(complaint_visit):
    client = api_as(AGENT)
    client.post(f"{URL}{complaint_visit.pk}/record/", {"reached": True, "satisfied": True, "score": 5},
                format="json")
    response = client.post(f"{URL}{complaint_visit.pk}/record/", {"reached": True, "satisfied": True, "score": 5},
                           format="json")
    assert response.status_code == 409 and response.json()["code"] == "visit_closed"


def test_filters_status_due_assignee_and_pagination(complaint_visit, inquiry_team_visit):
    client = api_as(p.CS_MANAGER)
    with frozen(at(2026, 11, 27, 9)):
        client_due = {d: client.get(f"{URL}?due={d}").json()["count"] for d in ("today", "overdue", "upcoming")}
    assert client_due == {"today": 1, "overdue": 0, "upcoming": 1}  # service: 27th 10:00; complaint: 8 Dec
    with frozen(at(2026, 11, 27, 11)):
        assert client.get(f"{URL}?due=overdue").json()["count"] == 1  # the service request, due 27th 10:00
    api_as(AGENT).post(f"{URL}{complaint_visit.pk}/record/", {"reached": True, "satisfied": True, "score": 5},
                       format="json")
    assert [v["id"] for v in client.get(f"{URL}?status=done").json()["results"]] == [complaint_visit.pk]
    assert client.get(f"{URL}?status=pending&status=not_reached").json()["count"] == 1
    assert client.get(f"{URL}?assignee={user(AGENT).pk}").json()["count"] == 2
    assert api_as(AGENT).get(f"{URL}?assignee=me").json()["count"] == 2
    assert client.get(f"{URL}?assignee=none").json()["count"] == 0
    page = client.get(f"{URL}?page_size=1").json()
    assert page["count"] == 2 and len(page["results"]) == 1 and page["next"]
    assert client.get(f"{URL}?due=someday").status_code == 400


def test_the_list_has_no_n_plus_one():
    for index in range(12):
        resolved_ticket(at(2026, 11, 24, 10), customer=make_customer(phone=f"1381111{index:04d}"))
    client = api_as(AGENT)
    client.get(f"{URL}?page_size=2")
    with max_queries(12):
        assert client.get(f"{URL}?page_size=100").json()["count"] == 12


def test_the_schema_documents_the_endpoints():
    schema = api_as(p.ADMIN).get("/api/schema/?format=json").json()
    assert "/api/v1/return-visits/" in schema["paths"]
    record = schema["paths"]["/api/v1/return-visits/{id}/record/"]["post"]
    assert {"200", "400", "403", "404", "409"} <= set(record["responses"])
