"""Cleaning import rows into archive values (pure: no ORM), in worker processes when the file is large.

Each row is cleaned once: parse_row's values and errors, its dedupe keys, and for a good row the customer's column
values with its search keys (pinyin, phone digits) and division names. The work is per row and independent, so a
large file's batches are cleaned by a pool of forked processes while the importing process dedupes and writes;
batches come back in file order.
"""

import collections
import multiprocessing
import os
from collections.abc import Iterator
from typing import NamedTuple

from django.utils import translation

from core import divisions

from . import importing, keys
from .choices import CustomerKind

PARALLEL_FROM_ROWS = 20_000  # smaller files are cleaned in the importing process: forking costs more than it saves
_COPIED = ["name", "source", "phone", "credit_code", "province_code", "city_code", "district_code", "address", "notes",
           "industry", "email"]


class CleanRow(NamedTuple):
    number: int  # the row number the spreadsheet shows
    cells: list[str]
    errors: dict[str, str]  # message by field; empty for a good row
    keys: dict[str, str]  # dedupe keys: phone digits, credit code, name key ('' when absent)
    customer: dict | None  # column values of a good row (region left to the importer: it needs the database)
    contact: str  # the contact's name, '' for none


def clean_batch(batch: list[tuple[int, list[str]]], mapping: list[str], places: dict) -> list[CleanRow]:
    """Clean (row number, cells) pairs; `places` memoises resolved addresses across batches."""
    cleaned = []
    for number, cells in batch:
        values, errors = importing.parse_row(cells, mapping, places)
        phone_digits, phone_reversed = keys.phone_keys(values.get("phone", ""))
        row_keys = {"phone": phone_digits, "credit_code": values.get("credit_code", ""), "name": values["name_key"]}
        customer = None if errors else _customer(values, phone_digits, phone_reversed)
        cleaned.append(CleanRow(number, cells, errors, row_keys, customer, values["contact"]))
    return cleaned


def _customer(values: dict, phone_digits: str, phone_reversed: str) -> dict:
    """The row's column values with the search keys and division names (as services.archive derives them)."""
    pinyin, initials = keys.pinyin_keys(values["name"])
    return {
        **{field: values[field] for field in _COPIED},
        **{field: divisions.name(values[f"{field}_code"]) for field in ("province", "city", "district")},
        "kind": values["kind"] or str(CustomerKind.COMPANY), "phone_digits": phone_digits,
        "phone_reversed": phone_reversed, "name_key": values["name_key"], "name_pinyin": pinyin[:400],
        "name_initials": initials[:120],
    }


def cleaned_batches(batches: Iterator[list], mapping: list[str], *, expected_rows: int) -> Iterator[list[CleanRow]]:
    """Each batch of (row number, cells) cleaned, in order; a large file's batches in worker processes, a few at a
    time ahead of the consumer (never the whole file in memory)."""
    workers = os.cpu_count() or 1
    if workers < 2 or expected_rows < PARALLEL_FROM_ROWS:
        places = {}
        for batch in batches:
            yield clean_batch(batch, mapping, places)
        return
    # fork: workers inherit the loaded code and divisions; they never touch the database connection.
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_start_worker, initargs=(mapping, translation.get_language())) as pool:
        pending = collections.deque()
        for batch in batches:
            pending.append(pool.apply_async(_clean_in_worker, (batch,)))
            if len(pending) > 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


_worker: dict = {}


def _start_worker(mapping: list[str], language: str | None) -> None:
    _worker.update(mapping=mapping, places={})
    if language:
        translation.activate(language)  # error messages in the importer's language


def _clean_in_worker(batch: list[tuple[int, list[str]]]) -> list[CleanRow]:
    return clean_batch(batch, _worker["mapping"], _worker["places"])
