"""Run the benchmarks (make bench) on the bench database and write var/bench/report.md.

Benchmarks come from each app's `bench.py` (BENCHMARKS), found like the demo seeds; core knows no app.
"""

import time
import traceback
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection
from django.utils import timezone
from django.utils.module_loading import import_string

from core.bench import Benchmark, Context
from core.bench.report import load, render


def discover() -> list[Benchmark]:
    """Every app's BENCHMARKS, in the order of INSTALLED_APPS."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        try:
            found += import_string(f"{config.name}.bench.BENCHMARKS")
        except ImportError:
            continue
    return found


def select(benchmarks: list[Benchmark], names: list[str]) -> list[Benchmark]:
    """The benchmarks named, by full name or app prefix ("customers" = every customers.* benchmark)."""
    if not names:
        return benchmarks
    known = {b.name for b in benchmarks} | {b.name.split(".")[0] for b in benchmarks}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise CommandError(f"Unknown benchmarks: {', '.join(unknown)}. Known: {', '.join(sorted(known))}")
    return [b for b in benchmarks if b.name in names or b.name.split(".")[0] in names]


def ensure_database() -> None:
    """Create the PostgreSQL database named by DATABASE_URL when it does not exist yet."""
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        if connection.vendor != "postgresql" or "does not exist" not in str(exc):
            raise
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name}")


def drop_database() -> None:
    """--fresh: remove the bench database (SQLite file, or DROP DATABASE on PostgreSQL)."""
    if connection.vendor == "sqlite":
        connection.close()
        path = Path(connection.settings_dict["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")


class Command(BaseCommand):
    help = "Run benchmarks on the bench database (never the demo's) and write a Markdown report."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="benchmarks or apps to run (default: all)")
        parser.add_argument("--scale", type=float, default=1.0, help="fraction of the issues' sizes, e.g. 0.01")
        parser.add_argument("--fresh", action="store_true", help="drop the bench database and generate anew")
        parser.add_argument("--report", default="", help="where to write the report (default var/bench/report.md)")
        parser.add_argument("--workdir", default="", help="where generated files go (default var/bench)")
        parser.add_argument("--list", action="store_true", dest="list_only", help="list the benchmarks and stop")

    def handle(self, *args, names, scale, fresh, report, workdir, list_only, **options):
        benchmarks = select(discover(), names)
        if list_only:
            for bench in benchmarks:
                self.stdout.write(f"{bench.name:28} {bench.issue:4} {bench.title}")
            return
        if not getattr(settings, "BENCH_DATABASE", False):
            raise CommandError("Benchmarks fill their database with millions of rows: run them with `make bench` "
                               "(settings config.settings.bench, database var/bench.sqlite3 or DATABASE_URL).")
        if not 0 < scale <= 1:
            raise CommandError("--scale is a fraction between 0 and 1.")
        workdir = Path(workdir) if workdir else Path(settings.BASE_DIR) / "var" / "bench"
        workdir.mkdir(parents=True, exist_ok=True)
        self._prepare_database(fresh)
        ctx = Context(scale=scale, workdir=workdir, log=lambda line: self.stdout.write(line))
        started, clock, load_at_start = timezone.now(), time.perf_counter(), load()
        results, crashed, text = [], {}, ""
        path = Path(report) if report else workdir / "report.md"
        for bench in benchmarks:
            ctx.log(f"== {bench.name}: {bench.title}")
            try:
                for result in bench.run(ctx):
                    result.benchmark = bench.name
                    results.append(result)
            except Exception as exc:  # one benchmark's crash must not hide the others' figures
                crashed[bench.name] = f"{type(exc).__name__}: {exc}"
                self.stderr.write(traceback.format_exc())
            text = render(results, scale=scale, started=started, seconds=time.perf_counter() - clock,
                          crashed=crashed, titles={b.name: b.title for b in benchmarks}, load_at_start=load_at_start)
            path.write_text(text, encoding="utf-8")  # after each benchmark, so a long run shows its progress
        self.stdout.write("\n" + text)
        self.stdout.write(f"Report written to {path}")
        if crashed:
            raise CommandError(f"{len(crashed)} benchmark(s) crashed: {', '.join(crashed)}")

    def _prepare_database(self, fresh: bool) -> None:
        if fresh:
            ensure_database()
            drop_database()
        ensure_database()
        call_command("migrate", verbosity=0, interactive=False)
        if not get_user_model().objects.exists():
            self.stdout.write("Loading the demo company into the bench database…")
            call_command("seed_demo")
