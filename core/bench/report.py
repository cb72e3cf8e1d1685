"""The Markdown report of a benchmark run: machine facts, a summary table, then each benchmark's details."""

import os
import platform
import sqlite3
from datetime import datetime

import django
from django.db import connection
from django.utils import timezone

from .base import Result
from .measure import max_rss_bytes


def _cpu() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            model = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "")
    except OSError:
        model = platform.processor()
    return f"{model or platform.machine()}, {os.cpu_count()} logical CPUs"


def _memory() -> str:
    try:
        with open("/proc/meminfo") as info:
            kib = int(next(line.split()[1] for line in info if line.startswith("MemTotal")))
        return f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        return "unknown"


def database_label() -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version} ({connection.settings_dict['NAME']}, WAL)"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    return f"PostgreSQL {version} (database {connection.settings_dict['NAME']})"


def load() -> str:
    """The 1-minute load average: on a shared machine latencies grow with it, CPU time per request does not."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"


def machine_facts() -> list[tuple[str, str]]:
    return [
        ("Date", timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")),
        ("Machine", f"{platform.system()} {platform.release()}; {_cpu()}; {_memory()} RAM"),
        ("Software", f"Python {platform.python_version()}, Django {django.get_version()}"),
        ("Database", database_label()),
    ]


def _mib(size: int | None) -> str:
    return "—" if size is None else f"{size / 1024 / 1024:,.0f} MiB"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(results: list[Result], *, scale: float, started: datetime, seconds: float,
           crashed: dict[str, str], titles: dict[str, str], load_at_start: str) -> str:
    lines = ["# Benchmark report", ""]
    facts = [*machine_facts(), ("Scale", f"{scale:g} (1 = the issues' sizes)"),
             ("Run", f"started {timezone.localtime(started):%H:%M:%S}, {seconds:,.0f} s; process peak RSS "
                     f"{_mib(max_rss_bytes())}; load average {load_at_start} at the start, {load()} at the end")]
    lines += [f"- **{name}**: {value}" for name, value in facts]
    lines += ["", "Baselines are raw SQL (or a raw Python loop) doing the same work in the same run; the ratio is "
              "app ÷ baseline of the figure the target is about. A MISS is reported, not failed.", "",
              "| Benchmark | Operation | N | Result | Raw baseline | Ratio | Queries | Peak RSS | Target |",
              "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        ratio = "—" if r.ratio is None else f"{r.ratio:,.1f}×"
        target = "<br>".join(f"{t.text}: **{t.verdict}**" for t in r.targets) or "—"
        lines.append("| " + " | ".join(_cell(c) for c in [r.benchmark, r.operation, r.n, r.figure, r.baseline,
                                                             ratio, r.queries, _mib(r.peak_rss)]) + f" | {target} |")
    for name, error in crashed.items():
        lines.append(f"| {name} | crashed | | `{_cell(error)}` | | | | | |")
    for name in dict.fromkeys(r.benchmark for r in results):
        details = [line for r in results if r.benchmark == name for line in r.details]
        if details:
            lines += ["", f"## {name}: {titles.get(name, '')}", "", *details]
    return "\n".join(lines) + "\n"
