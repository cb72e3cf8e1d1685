"""Configuration that every order, ticket and deadline reads — rule values and working calendars — kept in each
worker process between requests, so that a running server does not read unchanged configuration again each time.

Each process keeps what it loaded beside the version token it read from the shared "access" cache (the one
core.access_cache uses: files under var/cache, or Redis) before loading it. A change replaces the token, so the next
use in every process misses and loads afresh. The token is replaced after the change commits; until then the
changing connection itself bypasses what it keeps (it reads its own writes), and a rollback leaves nothing behind.
Other processes go on reading the committed configuration meanwhile, and the token they read before loading is
the old one, so nothing loaded before the commit outlives it.

The token is replaced by the services that change configuration (rules.set_value, the calendar services) and by
signal receivers, because the admin site, seeds and migrations change these rows too; the receivers only
invalidate.
"""

from collections.abc import Callable

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from . import versions
from .models import CalendarExtraDay, OfficialDay, RuleValue, WorkCalendar

TOKEN = "config:v"

_kept: dict[str, tuple[str, object]] = {}  # name -> (token it was loaded under, value)


def _replace_token() -> None:
    versions.replace(TOKEN)


def _changing() -> bool:
    """Whether this connection's open transaction has changed configuration (its token replacement is pending)."""
    return any(callback is _replace_token for _savepoints, callback, _robust
               in transaction.get_connection().run_on_commit)


def remember(name: str, load: Callable):
    """`load()`, or what this process loaded under `name` before when no configuration has changed since.
    What is returned is shared by every later use in the process: callers must not change it."""
    if _changing():
        return load()
    token = versions.current(TOKEN)
    kept = _kept.get(name)
    if kept is not None and token is not None and kept[0] == token:
        return kept[1]
    value = load()
    if token is not None:
        _kept[name] = (token, value)
    return value


def forget() -> None:
    """Make every process load configuration afresh: at once, or when the open transaction commits."""
    if not transaction.get_connection().in_atomic_block:
        _replace_token()
    elif not _changing():
        transaction.on_commit(_replace_token)


# -- what invalidates: rows written outside the services (admin site, seeds, data migrations) -------------------------

@receiver(post_migrate, dispatch_uid="config_cache.migrated")
@receiver(post_save, sender=RuleValue, dispatch_uid="config_cache.rule_saved")
@receiver(post_delete, sender=RuleValue, dispatch_uid="config_cache.rule_deleted")
@receiver(post_save, sender=WorkCalendar, dispatch_uid="config_cache.calendar_saved")
@receiver(post_delete, sender=WorkCalendar, dispatch_uid="config_cache.calendar_deleted")
@receiver(post_save, sender=CalendarExtraDay, dispatch_uid="config_cache.extra_day_saved")
@receiver(post_delete, sender=CalendarExtraDay, dispatch_uid="config_cache.extra_day_deleted")
@receiver(post_save, sender=OfficialDay, dispatch_uid="config_cache.official_day_saved")
@receiver(post_delete, sender=OfficialDay, dispatch_uid="config_cache.official_day_deleted")
def _configuration_changed(sender, **kwargs):
    forget()
