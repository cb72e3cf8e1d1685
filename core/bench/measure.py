"""Measuring: latency percentiles, paced request loops, query counts, replayed database time and peak memory."""

import math
import resource
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection

_PAGE = resource.getpagesize()


@dataclass(frozen=True)
class Stats:
    """Latency percentiles of `n` timed calls, in seconds (nearest-rank percentiles)."""

    n: int
    p50: float
    p95: float
    p99: float
    mean: float
    max: float

    @classmethod
    def of(cls, samples: Iterable[float]) -> "Stats":
        ordered = sorted(samples)
        if not ordered:
            raise ValueError("no samples")
        return cls(n=len(ordered), p50=_rank(ordered, 50), p95=_rank(ordered, 95), p99=_rank(ordered, 99),
                   mean=sum(ordered) / len(ordered), max=ordered[-1])


def _rank(ordered: list[float], percent: float) -> float:
    return ordered[max(math.ceil(percent / 100 * len(ordered)) - 1, 0)]


def timed(call: Callable[[], object]) -> tuple[float, object]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def latencies(calls: Iterable[Callable[[], object]], *, rate: float | None = None, warmup: int = 0) -> Stats:
    """Run the calls one after another, started at `rate` per second when given (a call that starts late because
    the one before took longer is not made up for), and return the percentiles of each call's duration."""
    calls = list(calls)
    for call in calls[:warmup]:
        call()
    samples = []
    start = time.perf_counter()
    for index, call in enumerate(calls[warmup:]):
        if rate:
            wait = start + index / rate - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
        samples.append(timed(call)[0])
    return Stats.of(samples)


@dataclass
class RequestRun:
    """Paced HTTP requests: latency percentiles, queries and in-request database time per request, statuses."""

    stats: Stats
    queries: list[int]
    db_seconds: list[float]
    cpu_seconds: list[float]  # this thread's CPU time per request: what the request costs on an idle machine
    statuses: Counter
    achieved_rate: float


def paced_requests(client, paths: list[str], *, rate: float | None, warmup: int = 0, **headers) -> RequestRun:
    """GET each path through the in-process client, started `rate` per second (not made up for when late)."""
    for path in paths[:warmup]:
        client.get(path, **headers)
    samples, queries, db_seconds, cpu_seconds, statuses = [], [], [], [], Counter()
    start = time.perf_counter()
    for index, path in enumerate(paths[warmup:]):
        if rate:
            wait = start + index / rate - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
        log = QueryLog()
        cpu = time.thread_time()
        with log.capture():
            seconds, response = timed(lambda path=path: client.get(path, **headers))
        cpu_seconds.append(time.thread_time() - cpu)
        samples.append(seconds)
        queries.append(log.count)
        db_seconds.append(log.seconds)
        statuses[response.status_code] += 1
    elapsed = time.perf_counter() - start
    return RequestRun(Stats.of(samples), queries, db_seconds, cpu_seconds, statuses, len(samples) / elapsed)


def best_of(call: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of `repeat` runs of a call, in seconds (for baselines and replayed queries)."""
    return min(timed(call)[0] for _ in range(repeat))


class QueryLog:
    """Counts (and optionally keeps) the SQL statements run on the default connection inside `capture()`."""

    def __init__(self, keep: bool = False):
        self.keep = keep
        self.count = 0
        self.seconds = 0.0
        self.statements: list[tuple[str, tuple]] = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1
            if self.keep:
                self.statements.append((sql, tuple(params or ())))

    @contextmanager
    def capture(self):
        with connection.execute_wrapper(self):
            yield self


def replay_seconds(statements: list[tuple[str, tuple]], repeat: int = 5) -> float:
    """Database time of a request: each of its SELECTs run again alone (execute + fetch all rows), best of
    `repeat`, summed. The same measure as a raw-SQL baseline, so the two compare fairly."""
    total = 0.0
    for sql, params in statements:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            total += best_of(lambda sql=sql, params=params: run_sql(sql, params), repeat)
    return total


def run_sql(sql: str, params=()) -> list[tuple]:
    """Execute a statement and fetch all of its rows."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def rss_bytes() -> int:
    """The process's resident memory now (Linux /proc); elsewhere its peak so far."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except OSError:
        return max_rss_bytes()


def max_rss_bytes() -> int:
    """The process's peak resident memory since it started (getrusage)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class PeakMemory:
    """The highest resident memory seen while the block runs, sampled every 10 ms by a thread."""

    def __init__(self, interval: float = 0.01):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes())
            self._stop.wait(self.interval)

    def __enter__(self):
        self.peak = rss_bytes()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())
