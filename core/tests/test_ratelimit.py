"""Rate limits hold across processes because they are counted in the database, atomically."""

import datetime

import pytest
from django.utils import timezone

from core import ratelimit
from core.models import RateCounter
from core.testing.concurrency import in_thread, in_threads, shared_database

HOUR = 3600


@pytest.mark.django_db
def test_hits_are_allowed_up_to_the_limit_and_refused_after_it():
    assert [ratelimit.hit("form-ip", "10.0.0.1", limit=3, window=HOUR) for _ in range(5)] == [True] * 3 + [False] * 2
    assert ratelimit.hit("form-ip", "10.0.0.2", limit=3, window=HOUR)  # another address has its own count
    assert ratelimit.hit("status-ip", "10.0.0.1", limit=3, window=HOUR)  # and another scope too


@pytest.mark.django_db
def test_reached_reads_without_counting():
    assert not ratelimit.reached("form-phone", "13812345678", limit=2, window=HOUR)
    ratelimit.hit("form-phone", "13812345678", limit=2, window=HOUR)
    assert not ratelimit.reached("form-phone", "13812345678", limit=2, window=HOUR)
    ratelimit.hit("form-phone", "13812345678", limit=2, window=HOUR)
    assert ratelimit.reached("form-phone", "13812345678", limit=2, window=HOUR)
    assert RateCounter.objects.get().count == 2


@pytest.mark.django_db
def test_no_phone_or_address_is_stored_and_expired_windows_are_removed():
    RateCounter.objects.create(key="old", count=9, expires_at=timezone.now() - datetime.timedelta(minutes=1))
    ratelimit.hit("form-phone", "13812345678", limit=2, window=HOUR)
    (counter,) = RateCounter.objects.all()
    assert "13812345678" not in counter.key and counter.expires_at > timezone.now()


@pytest.mark.django_db(transaction=True)
def test_parallel_hits_from_many_processes_never_let_more_than_the_limit_through(tmp_path):
    with shared_database(tmp_path):
        allowed = in_threads(lambda _n: ratelimit.hit("form-ip", "203.0.113.9", limit=5, window=HOUR), 12)
        count = in_thread(lambda: RateCounter.objects.get().count)
    assert allowed.count(True) == 5 and allowed.count(False) == 7
    assert count == 12
