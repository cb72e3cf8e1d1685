"""POST /api/v1/tickets/ honours Idempotency-Key: a retried create replays the first answer instead of logging the
call twice, a reused key with another body is a 409, and concurrent duplicates log exactly one ticket.

The concurrency test runs each thread on its own connection (SQLite: a file copy of the test database);
on PostgreSQL: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/pytest <this file>`.
"""


import pytest

from apps.service import services
from apps.service.defaults import install_defaults
from apps.service.models import SLAPolicy, Ticket, TicketCategory
from core import calendars
from core.models import IdempotencyRecord
from core.testing import personas as p
from core.testing.concurrency import in_threads, shared_database
from core.testing.helpers import api_as, user

URL = "/api/v1/tickets/"
CALL = {"kind": "inquiry", "phone": "13822224444", "subject": "询问墨盒价格", "channel": "hotline"}


def create(client, body=None, key="call-20261125-0001"):
    return client.post(URL, body or CALL, format="json", headers={"Idempotency-Key": key})


@pytest.mark.django_db
def test_a_retried_create_replays_the_first_ticket():
    client = api_as(p.CS_AGENT)
    first, again = create(client), create(client)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Ticket.objects.filter(subject="询问墨盒价格").count() == 1


@pytest.mark.django_db
def test_the_same_key_for_another_call_is_a_conflict():
    client = api_as(p.CS_AGENT)
    create(client)
    response = create(client, {**CALL, "subject": "另一个电话"})
    assert response.status_code == 409 and response.json()["code"] == "idempotency_key_reused"
    assert not Ticket.objects.filter(subject="另一个电话").exists()


@pytest.mark.django_db
def test_a_refused_create_releases_the_key():
    client = api_as(p.CS_AGENT)
    assert create(client, {**CALL, "phone": "call me"}).status_code == 400
    assert create(client).status_code == 201
    assert IdempotencyRecord.objects.get().status_code == 201


@pytest.mark.django_db
def test_without_a_key_creates_stay_as_they_were():
    client = api_as(p.CS_AGENT)
    assert client.post(URL, CALL, format="json").status_code == 201
    assert client.post(URL, CALL, format="json").status_code == 201
    assert Ticket.objects.filter(subject="询问墨盒价格").count() == 2


@pytest.mark.django_db
def test_the_schema_documents_the_header_on_ticket_create():
    schema = api_as(p.CS_AGENT).get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/tickets/"]["post"]["parameters"]
    assert any(param["name"] == "Idempotency-Key" and param["in"] == "header" for param in parameters)


@pytest.mark.django_db
def test_a_ticket_may_come_with_only_an_email_address():
    ticket = services.create_ticket(actor=None, kind="inquiry", subject="邮件咨询", email="only@example.cn")
    assert (ticket.phone, ticket.email) == ("", "only@example.cn")


# -- concurrent duplicates ---------------------------------------------------------------------------------------

THREADS = 5
OFFICE = [["09:00", "12:00"], ["13:30", "18:00"]]


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_creates_log_exactly_one_ticket(tmp_path):
    if not calendars.list_calendars().filter(is_default=True).exists():
        calendars.create_calendar(actor=None, name="办公时间", is_default=True,
                                  weekly_hours=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), OFFICE))
    install_defaults(TicketCategory, SLAPolicy)
    agent = user(p.CS_AGENT)
    with shared_database(tmp_path):
        def send(_index):
            client = api_as(None)
            client.force_authenticate(agent)
            response = create(client, key="double-submit")
            return response.status_code, response.json().get("code", ""), response.get("Idempotent-Replayed", "")

        outcomes = in_threads(send, THREADS)
        count = in_threads(lambda _i: Ticket.objects.filter(subject="询问墨盒价格").count(), 1)[0]
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    fresh = [o for o in outcomes if o == (201, "", "")]
    others = [o for o in outcomes if o != (201, "", "")]
    assert len(fresh) == 1, outcomes
    assert set(others) <= {(409, "idempotency_request_in_progress", ""), (201, "", "true")}, outcomes
    assert count == 1
