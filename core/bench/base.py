"""What a benchmark is, what it is given (the context) and what it returns (results with targets)."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import Client


@dataclass(frozen=True)
class Target:
    """An issue's target for a figure and whether this run met it (a miss is reported, never raised)."""

    text: str
    met: bool

    @property
    def verdict(self) -> str:
        return "PASS" if self.met else "MISS"


def at_most(text: str, value: float, limit: float) -> Target:
    return Target(text, value <= limit)


def at_least(text: str, value: float, limit: float) -> Target:
    return Target(text, value >= limit)


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:,.2f} ms" if seconds < 0.01 else f"{seconds * 1000:,.1f} ms"


def fmt_seconds(seconds: float) -> str:
    return f"{seconds:,.2f} s"


def fmt_rate(per_second: float, unit: str = "/s") -> str:
    return f"{per_second:,.0f}{unit}"


@dataclass
class Result:
    """One measured operation beside its baseline. Figures are preformatted text; `ratio` is app ÷ baseline of the
    figure the target is about (≥ 1 means the app is slower than the baseline)."""

    operation: str
    n: str
    figure: str
    baseline: str = "—"
    ratio: float | None = None
    queries: str = "—"
    peak_rss: int | None = None
    targets: list[Target] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # Markdown lines: plans, breakdowns, notes
    benchmark: str = ""  # filled in by the runner


@dataclass(frozen=True)
class Benchmark:
    """A named benchmark of an app: `run(ctx)` prepares its data (reused when present) and returns results."""

    name: str  # "<app>.<what>", selectable on the command line by the full name or the app's prefix
    title: str
    run: Callable[["Context"], list[Result]]
    issue: str = ""


class Context:
    """What a benchmark gets: the scale, sizes scaled from the issue's numbers, a log, a working directory, clients
    logged in as personas, and a memo so data shared by several benchmarks is prepared once per run."""

    def __init__(self, *, scale: float, workdir: Path, log: Callable[[str], None]):
        self.scale = scale
        self.workdir = workdir
        self._log = log
        self._started = time.perf_counter()
        self._memo: dict = {}

    def size(self, full: int, minimum: int = 10) -> int:
        """`full` (the issue's number) times the scale, at least `minimum`."""
        return max(int(full * self.scale), minimum)

    def log(self, message: str) -> None:
        self._log(f"[{time.perf_counter() - self._started:7.1f}s] {message}")

    def once(self, key, prepare: Callable[[], object]):
        """The value of `prepare()`, computed on the first call with this key during the run."""
        if key not in self._memo:
            self._memo[key] = prepare()
        return self._memo[key]

    def client(self, username: str) -> Client:
        """An in-process WSGI client with the persona's session (the whole middleware stack runs)."""
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client


def fmt_stats(stats) -> str:
    """'p50 1.2 / p95 3.4 / p99 5.6 ms (n=2,000)'."""
    return (f"p50 {stats.p50 * 1000:,.2f} / p95 {stats.p95 * 1000:,.2f} / p99 {stats.p99 * 1000:,.2f} ms "
            f"(n={stats.n:,})")


def latency_result(operation: str, n: str, app, baseline, *, on: str = "p99", limit_ms: float | None = None,
                   **extra) -> Result:
    """A latency result beside its baseline, the ratio and target taken on the percentile `on`."""
    value, base = getattr(app, on), getattr(baseline, on)
    targets = [at_most(f"{on} ≤ {limit_ms:g} ms", value * 1000, limit_ms)] if limit_ms is not None else []
    return Result(operation=operation, n=n, figure=fmt_stats(app), baseline=fmt_stats(baseline),
                  ratio=value / base if base else None, targets=targets + extra.pop("targets", []), **extra)
