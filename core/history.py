"""Reading a record's change history (django-simple-history) as who/when/what changed, before → after."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

_KIND = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
_SKIP = {"updated_at", "created_at", "updated_by", "created_by", "path"}


@dataclass
class HistoryEntry:
    when: object
    who: str
    kind: str
    changes: list[tuple[str, object, object]]


def _label(model, field_name: str) -> str:
    try:
        return str(model._meta.get_field(field_name).verbose_name)
    except FieldDoesNotExist:  # a field removed since the change was recorded
        return field_name


def _display(model, field_name: str, value):
    if value in (None, ""):
        return "—"
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return related if related is not None else value
    return value


def history_for(obj, limit: int = 50) -> list[HistoryEntry]:
    """The newest `limit` changes of `obj`, each with the fields that changed."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            for change in record.diff_against(previous).changes:
                if change.field in _SKIP:
                    continue
                changes.append((_label(obj, change.field), _display(type(obj), change.field, change.old),
                                _display(type(obj), change.field, change.new)))
        who = record.history_user.get_full_name() or record.history_user.username if record.history_user else ""
        entries.append(HistoryEntry(record.history_date, who or str(_("system")), _KIND.get(record.history_type, ""),
                                    changes))
    return entries
