"""Idempotency-Key on API creates: replay, reuse with another body (409), in-progress duplicates (409), released
keys after errors, expiry and purge, and concurrent duplicates creating exactly one object.

The concurrency test runs each thread on its own connection: SQLite on a file copy of the test database (an
in-memory database cannot be shared between connections safely), PostgreSQL on the test database itself
(`DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/pytest core/tests/test_idempotency.py`).
"""

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.urls import path
from django.utils import timezone
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.errors import error_response
from core.api.idempotency import PENDING_TIMEOUT, TTL, idempotent, purge_expired
from core.models import IdempotencyRecord, Job
from core.tasks import SCHEDULES, purge_idempotency_records
from core.testing.concurrency import in_threads, shared_database
from core.testing.helpers import api_as, user

KIND = "idempotency-test"
URL = "/jobs/"
pytestmark = [pytest.mark.urls("core.tests.test_idempotency"), pytest.mark.django_db]


class JobCreateView(APIView):
    """A create endpoint for the tests: makes a Job; `fail`/`invalid` answer errors, `slow` holds the request."""

    permission_classes = [IsAuthenticated]

    @idempotent
    def post(self, request):
        if request.data.get("fail"):
            return error_response("invalid", "refused", 400)
        if request.data.get("invalid"):
            raise ValidationError({"n": ["bad"]})
        time.sleep(float(request.data.get("slow", 0)))
        job = Job.objects.create(kind=KIND, params={"n": request.data.get("n")}, created_by=request.user)
        return Response({"id": job.pk, "n": request.data.get("n"), "amount": Decimal("851.40"),
                         "at": job.created_at}, status=201)


urlpatterns = [path("jobs/", JobCreateView.as_view())]


def post(client, body, key=None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(URL, body, format="json", headers=headers)


def jobs() -> int:
    return Job.objects.filter(kind=KIND).count()


def test_without_a_key_every_request_creates():
    client = api_as("cs_agent")
    post(client, {"n": 1})
    post(client, {"n": 1})
    assert jobs() == 2
    assert not IdempotencyRecord.objects.exists()


def test_the_same_key_and_body_replays_the_first_response_without_running_again():
    client = api_as("cs_agent")
    first = post(client, {"n": 1}, key="order-7f3a")
    again = post(client, {"n": 1}, key="order-7f3a")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert jobs() == 1
    record = IdempotencyRecord.objects.get()
    assert (record.method, record.path, record.status_code) == ("POST", URL, 201)


def test_key_order_and_spacing_of_the_json_body_do_not_matter():
    client = api_as("cs_agent")
    post(client, {"n": 1, "note": "a"}, key="k1")
    replay = client.post(URL, data='{ "note": "a",   "n": 1 }', content_type="application/json",
                         headers={"Idempotency-Key": "k1"})
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    assert jobs() == 1


def test_the_same_key_with_a_different_body_is_a_conflict():
    client = api_as("cs_agent")
    post(client, {"n": 1}, key="k1")
    reused = post(client, {"n": 2}, key="k1")
    assert reused.status_code == 409
    assert reused.json()["code"] == "idempotency_key_reused"
    assert jobs() == 1


def test_the_same_key_on_another_path_is_a_conflict():
    client = api_as("cs_agent")
    post(client, {"n": 1}, key="k1")
    reused = client.post(URL + "?copy=1", {"n": 1}, format="json", headers={"Idempotency-Key": "k1"})
    assert reused.status_code == 409 and reused.json()["code"] == "idempotency_key_reused"


def test_keys_belong_to_their_user():
    post(api_as("cs_agent"), {"n": 1}, key="shared")
    other = post(api_as("cs_manager"), {"n": 1}, key="shared")
    assert other.status_code == 201 and "Idempotent-Replayed" not in other
    assert jobs() == 2


def test_an_error_response_releases_the_key_for_the_corrected_request():
    client = api_as("cs_agent")
    assert post(client, {"fail": True}, key="k1").status_code == 400
    assert post(client, {"invalid": True}, key="k1").status_code == 400
    assert not IdempotencyRecord.objects.exists()
    corrected = post(client, {"n": 3}, key="k1")
    assert corrected.status_code == 201 and "Idempotent-Replayed" not in corrected
    assert jobs() == 1


def test_a_duplicate_while_the_first_is_pending_is_told_to_retry():
    client = api_as("cs_agent")
    post(client, {"n": 1}, key="k1")
    IdempotencyRecord.objects.update(status_code=None, response_body=None, completed_at=None)
    busy = post(client, {"n": 1}, key="k1")
    assert busy.status_code == 409
    assert busy.json()["code"] == "idempotency_request_in_progress"
    assert busy["Retry-After"] == "1"
    assert jobs() == 1


def test_a_pending_key_whose_request_died_can_be_claimed_again():
    client = api_as("cs_agent")
    post(client, {"n": 1}, key="k1")
    IdempotencyRecord.objects.update(status_code=None, response_body=None,
                                     created_at=timezone.now() - PENDING_TIMEOUT - dt.timedelta(seconds=1))
    retried = post(client, {"n": 1}, key="k1")
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried
    assert IdempotencyRecord.objects.get().status_code == 201


def test_a_response_is_replayed_for_24_hours_then_the_key_starts_afresh():
    client = api_as("cs_agent")
    post(client, {"n": 1}, key="k1")
    IdempotencyRecord.objects.update(created_at=timezone.now() - TTL + dt.timedelta(minutes=1))
    assert post(client, {"n": 1}, key="k1")["Idempotent-Replayed"] == "true"
    IdempotencyRecord.objects.update(created_at=timezone.now() - TTL - dt.timedelta(minutes=1))
    fresh = post(client, {"n": 2}, key="k1")
    assert fresh.status_code == 201 and "Idempotent-Replayed" not in fresh
    assert jobs() == 2


@pytest.mark.parametrize("key", ["", "x" * 201, "tab\tkey"])
def test_an_unusable_key_is_refused(key):
    response = post(api_as("cs_agent"), {"n": 1}, key=key)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "idempotency_key_invalid" and "Idempotency-Key" in body["fields"]
    assert jobs() == 0


def test_anonymous_requests_are_refused_before_any_key_is_stored():
    assert post(api_as(None), {"n": 1}, key="k1").status_code == 401
    assert not IdempotencyRecord.objects.exists()


def test_the_daily_purge_drops_only_expired_records():
    client = api_as("cs_agent")
    post(client, {"n": 1}, key="old")
    post(client, {"n": 2}, key="new")
    IdempotencyRecord.objects.filter(key="old").update(created_at=timezone.now() - TTL - dt.timedelta(hours=1))
    assert purge_expired() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
    IdempotencyRecord.objects.update(created_at=timezone.now() - TTL - dt.timedelta(hours=1))
    assert purge_idempotency_records.call() == 1
    assert "core.purge_idempotency_records" in {schedule.name for schedule in SCHEDULES}


# -- concurrent duplicates --------------------------------------------------------------------------------------

THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_create_exactly_one_object(tmp_path):
    agent = user("cs_agent")
    with shared_database(tmp_path):
        def send(_index):
            client = api_as(None)
            client.force_authenticate(agent)
            response = post(client, {"n": 1, "slow": 0.5}, key="double-click")
            return response.status_code, response.json()["code"] if response.status_code == 409 else "", \
                response.get("Idempotent-Replayed", "")

        outcomes = in_threads(send, THREADS)
        counted = in_threads(lambda _i: (jobs(), IdempotencyRecord.objects.get().status_code), 1)[0]
        late = in_threads(lambda _i: send(0), 1)[0]
        after = in_threads(lambda _i: jobs(), 1)[0]
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
    assert [outcome for outcome in outcomes if outcome == (201, "", "")] == [(201, "", "")]
    assert all(outcome == (409, "idempotency_request_in_progress", "") for outcome in outcomes
               if outcome != (201, "", "")), outcomes
    assert counted == (1, 201)
    assert late == (201, "", "true")
    assert after == 1
