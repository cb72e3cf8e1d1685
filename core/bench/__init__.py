"""The benchmark harness behind `make bench` (`manage.py bench`): speed is measured here, against a raw-SQL (or
raw-loop) baseline run in the same process, and reported with ratios — never asserted in tests.

An app contributes benchmarks in `apps/<app>/bench.py` as `BENCHMARKS = [Benchmark(...), …]`; each benchmark's
`run(ctx)` makes (or reuses) its data and returns `Result`s. See docs/benchmarks.md.
"""

from .base import (
    Benchmark,
    Context,
    Result,
    Target,
    at_least,
    at_most,
    fmt_ms,
    fmt_rate,
    fmt_seconds,
    fmt_stats,
    latency_result,
)
from .measure import (
    PeakMemory,
    QueryLog,
    RequestRun,
    Stats,
    best_of,
    latencies,
    paced_requests,
    replay_seconds,
    run_sql,
    timed,
)

__all__ = ["Benchmark", "Context", "PeakMemory", "QueryLog", "RequestRun", "Result", "Stats", "Target", "at_least",
           "at_most", "best_of", "fmt_ms", "fmt_rate", "fmt_seconds", "fmt_stats", "latencies", "latency_result",
           "paced_requests", "replay_seconds", "run_sql", "timed"]
