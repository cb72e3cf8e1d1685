"""Channel jobs: trial notices and expiry every morning, quarterly scorecards (run daily, idempotent)."""

import datetime

from core.tasks import Schedule, retrying_task

from . import services


@retrying_task()
def run_trial_terms() -> dict:
    """Warn owners of trials ending soon, then end the trials whose term has passed."""
    return {"notified": services.send_trial_notices(), "expired": services.expire_trials()}


@retrying_task()
def open_quarterly_scorecards() -> int:
    """Open the scorecards of the quarter just ended (creates them once, on the first run of a new quarter)."""
    return services.create_quarterly_scorecards()


SCHEDULES = [
    Schedule("channels.trial_terms", run_trial_terms, at=datetime.time(1, 30)),
    # Schedules know days, not quarters: the job runs daily and only the first run of a quarter creates anything.
    Schedule("channels.quarterly_scorecards", open_quarterly_scorecards, at=datetime.time(2, 0)),
]
