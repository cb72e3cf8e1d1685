"""Run the task worker (django-tasks-db's db_worker) and the periodic scheduler together."""

import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

from core.tasks import collect_schedules, enqueue_due


class Command(BaseCommand):
    help = "Start the background worker and the scheduler of periodic jobs declared in each app's tasks.py."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=30, help="Seconds between schedule checks.")
        parser.add_argument("--once", action="store_true", help="Enqueue what is due and exit (no worker).")

    def handle(self, *args, interval, once, **options):
        schedules = collect_schedules()
        if once:
            self.stdout.write(", ".join(enqueue_due(schedules)) or "nothing due")
            return
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker"])
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Scheduler running {len(schedules)} job(s): {', '.join(s.name for s in schedules)}")
        try:
            while not stopping and worker.poll() is None:
                for name in enqueue_due(schedules):
                    self.stdout.write(f"enqueued {name}")
                for _ in range(interval):
                    if stopping:
                        break
                    time.sleep(1)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
