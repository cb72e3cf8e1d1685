"""Rule parameters: the numbers of domain.md (thresholds, points, SLA hours, discounts) as dated data.

Each app declares its parameters in `parameters.py` as `PARAMETERS = [Parameter(...)]` with the domain's default;
`sync_parameters()` (run after every migrate) stores each default once, effective from 2000-01-01. Admins add new
values with a later effective date; `value(key, on=date)` answers the one in force on that date.
"""

import copy
import datetime
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import config_cache
from .models.rules import RuleValue

SEED_DATE = datetime.date(2000, 1, 1)


@dataclass(frozen=True)
class Parameter:
    """A named rule number with its domain default; `kind` tells the editor how to check a new value."""

    key: str
    label: str
    default: object
    kind: str = "number"  # number | integer | percent | mapping | table | text
    help: str = ""
    section: str = ""


def declared() -> dict[str, Parameter]:
    """Every parameter declared by an installed app, by key."""
    found: dict[str, Parameter] = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.parameters")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.parameters":
                raise
            continue
        for parameter in getattr(module, "PARAMETERS", []):
            found[parameter.key] = parameter
    return found


def sync_parameters(**kwargs) -> int:
    """Store the declared default of each parameter that has no value yet; returns how many were added."""
    existing = set(RuleValue.objects.values_list("key", flat=True).distinct())
    missing = [RuleValue(key=p.key, value=p.default, effective_from=SEED_DATE, note="domain.md default")
               for p in declared().values() if p.key not in existing]
    RuleValue.objects.bulk_create(missing, ignore_conflicts=True)
    if missing:
        config_cache.forget()
    return len(missing)


def _stored() -> dict[str, list[tuple[datetime.date, object]]]:
    """Every stored value by key, latest effective date first."""
    found: dict[str, list[tuple[datetime.date, object]]] = {}
    for key, effective_from, stored in RuleValue.objects.order_by("key", "-effective_from").values_list(
            "key", "effective_from", "value"):
        found.setdefault(key, []).append((effective_from, stored))
    return found


def value(key: str, on: datetime.date | None = None):
    """The parameter's value in force on `on` (today by default). Every stored value is read once per process
    and kept until an administrator changes one (core.config_cache)."""
    on = on or timezone.localdate()
    for effective_from, stored in config_cache.remember("rules", _stored).get(key, ()):
        if effective_from <= on:
            # A mapping or table is the process's shared copy: the caller gets its own.
            return copy.deepcopy(stored) if isinstance(stored, dict | list) else stored
    parameter = declared().get(key)
    if parameter is None:
        raise KeyError(f"Unknown rule parameter {key!r}")
    return parameter.default


def _check(parameter: Parameter, new_value):
    number_kinds = {"number", "integer", "percent"}
    if parameter.kind in number_kinds and (isinstance(new_value, bool) or not isinstance(new_value, int | float)):
        raise ValidationError({"value": _("Enter a number.")})
    if parameter.kind == "integer" and int(new_value) != new_value:
        raise ValidationError({"value": _("Enter a whole number.")})
    if parameter.kind == "percent" and not 0 <= new_value <= 100:
        raise ValidationError({"value": _("Enter a percentage between 0 and 100.")})
    if parameter.kind == "mapping" and not isinstance(new_value, dict):
        raise ValidationError({"value": _("Enter a mapping of names to values.")})
    if parameter.kind == "table" and not isinstance(new_value, list):
        raise ValidationError({"value": _("Enter a list of rows.")})
    if parameter.kind in {"mapping", "table"} and not isinstance(parameter.default, type(new_value)):
        raise ValidationError({"value": _("The value has the wrong shape.")})


@transaction.atomic
def set_value(*, actor, key: str, new_value, effective_from: datetime.date, note: str = "") -> RuleValue:
    """Give a parameter a new value from a date on (replacing a value already set for that exact date)."""
    parameter = declared().get(key)
    if parameter is None:
        raise ValidationError({"key": _("Unknown parameter.")})
    _check(parameter, new_value)
    row, _created = RuleValue.objects.update_or_create(
        key=key, effective_from=effective_from,
        defaults={"value": new_value, "note": note, "created_by": actor},
    )
    return row


def history(key: str) -> list[RuleValue]:
    return list(RuleValue.objects.filter(key=key).select_related("created_by").order_by("-effective_from"))
