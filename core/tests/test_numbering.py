"""Daily document numbers: one counter per series and day, never the same number twice, even in parallel."""

import datetime

import pytest
from django.db import transaction

from core.models import DailyCounter
from core.numbering import next_in_series
from core.testing.concurrency import in_thread, in_threads, shared_database

DAY = datetime.date(2026, 11, 25)


@pytest.mark.django_db
def test_each_series_counts_from_one_each_day():
    assert [next_in_series("SO", DAY) for _ in range(3)] == [1, 2, 3]
    assert next_in_series("INV", DAY) == 1
    assert next_in_series("SO", DAY + datetime.timedelta(days=1)) == 1
    assert DailyCounter.objects.get(series="SO", day=DAY).last == 3


@pytest.mark.django_db
def test_a_rolled_back_transaction_gives_its_number_back():
    next_in_series("T", DAY)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_in_series("T", DAY) == 2
        raise RuntimeError("the ticket was not saved")
    assert next_in_series("T", DAY) == 2


@pytest.mark.django_db(transaction=True)
def test_parallel_draws_never_share_a_number_including_the_days_first(tmp_path):
    with shared_database(tmp_path):
        drawn = in_threads(lambda _n: next_in_series("SH", DAY), 10)
        last = in_thread(lambda: DailyCounter.objects.get(series="SH", day=DAY).last)
    assert sorted(drawn) == list(range(1, 11)) and last == 10
