"""The rule-parameters page (/settings/rules/): every declared parameter by section, the value in force today,
its dated history, and a form to give it a new value from a date on. Writes go through core.rules.set_value."""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.parsing import parse_day

from . import rules
from .audit import record_event
from .models import RuleValue
from .models.audit import AuditAction

NUMBER_KINDS = {"number", "integer", "percent"}


@dataclass
class ParameterState:
    """A parameter as the page and the API show it: today's value, when it took effect, and all its values."""

    parameter: rules.Parameter
    value: object
    effective_from: datetime.date | None
    history: list[RuleValue]
    today: datetime.date
    errors: list[str] = field(default_factory=list)
    draft: str | None = None  # what was typed into a refused number or text

    @property
    def key(self) -> str:
        return self.parameter.key

    @property
    def columns(self) -> list[str]:
        """The column names of a table value, in the order of the declared default (jsonb reorders keys)."""
        rows = self.value if isinstance(self.value, list) else []
        if not rows or not isinstance(rows[0], dict):
            return []
        default = self.parameter.default
        declared = list(default[0]) if isinstance(default, list) and default and isinstance(default[0], dict) else []
        return [c for c in declared if c in rows[0]] + [c for c in rows[0] if c not in declared]

    @property
    def items(self) -> list[tuple[str, object]]:
        """A mapping's entries by key, the catch-all "" last (PostgreSQL's jsonb does not keep the order)."""
        return sorted(self.value.items(), key=lambda item: (item[0] == "", item[0]))

    @property
    def cells(self) -> list[list[tuple[str, object]]]:
        return [[(column, row.get(column, "")) for column in self.columns] for row in self.value]

    @property
    def editor(self) -> str:
        """number, mapping, table or json: which inputs edit the value."""
        kind = self.parameter.kind
        if kind in NUMBER_KINDS:
            return "number"
        if kind == "mapping" and isinstance(self.value, dict) and all(_scalar(v) for v in self.value.values()):
            return "mapping"
        if kind == "table" and self.columns and all(isinstance(r, dict) and _scalar_row(r) for r in self.value):
            return "table"
        return "text" if kind == "text" and isinstance(self.value, str) else "json"

    @property
    def as_json(self) -> str:
        return json.dumps(self.value, ensure_ascii=False, indent=2)

    @property
    def history_rows(self) -> list[tuple[RuleValue, str]]:
        return [(row, json.dumps(row.value, ensure_ascii=False)) for row in self.history]

    @property
    def scheduled(self) -> list[RuleValue]:
        """Values that take effect after today."""
        return [row for row in self.history if row.effective_from > self.today]


def _scalar(value) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _scalar_row(row: dict) -> bool:
    return all(_scalar(v) for v in row.values())


def parameter_states(on: datetime.date | None = None, keys: list[str] | None = None) -> list[ParameterState]:
    """Every declared parameter (or those in `keys`) with its value in force on `on`, in two queries at most."""
    on = on or timezone.localdate()
    declared = rules.declared()
    wanted = [declared[k] for k in keys] if keys is not None else list(declared.values())
    history: dict[str, list[RuleValue]] = {p.key: [] for p in wanted}
    values = RuleValue.objects.filter(key__in=list(history)).select_related("created_by").order_by("-effective_from")
    for row in values:
        history[row.key].append(row)
    states = []
    for parameter in wanted:
        in_force = next((row for row in history[parameter.key] if row.effective_from <= on), None)
        states.append(ParameterState(parameter, in_force.value if in_force else parameter.default,
                                     in_force.effective_from if in_force else None, history[parameter.key], on))
    return sorted(states, key=lambda s: (str(s.parameter.section), s.key))


def _sections(states: list[ParameterState]) -> list[tuple[str, list[ParameterState]]]:
    sections: dict[str, list[ParameterState]] = {}
    for state in states:
        sections.setdefault(str(state.parameter.section or _("General")), []).append(state)
    return list(sections.items())


@login_required
@permission_required("core.view_rulevalue", raise_exception=True)
def rules_page(request):
    states = parameter_states()
    return render(request, "core/rules.html", {"sections": _sections(states), "today": timezone.localdate(),
                                               "can_change": request.user.has_perm("core.change_rulevalue")})


def check_effective_from(value: datetime.date | None) -> datetime.date:
    """A new value takes effect today or later: past dates would rewrite what the rules already decided."""
    if value is None:
        raise ValidationError({"effective_from": [_("Enter the date the value takes effect (YYYY-MM-DD).")]})
    if value < timezone.localdate():
        raise ValidationError({"effective_from": [_("The date cannot be in the past.")]})
    return value


def _coerce(text: str, like):
    """A form input as the type of the value it replaces (numbers stay numbers)."""
    text = text.strip()
    if isinstance(like, str):
        return text
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": text}) from exc
    return int(number) if number == number.to_integral_value() and "." not in text else float(number)


def value_from_post(state: ParameterState, post) -> object:
    """The new value from the parameter's inputs: a JSON text, one number, a mapping or a table of cells."""
    if "value_json" in post:
        try:
            return json.loads(post["value_json"])
        except json.JSONDecodeError as exc:
            raise ValidationError({"value": [_("This is not valid JSON: %(error)s") % {"error": exc.msg}]}) from exc
    try:
        if state.editor == "number":
            return _coerce(post.get("value", ""), 0.0 if state.parameter.kind != "integer" else 0)
        if state.editor == "text":
            return post.get("value", "")
        if state.editor == "mapping":
            return {key: _coerce(post.get(f"map-{key}", ""), old) for key, old in state.value.items()}
        if state.editor == "table":
            return [{column: _coerce(post.get(f"cell-{i}-{column}", ""), old) for column, old in row}
                    for i, row in enumerate(state.cells)]
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}) from exc
    raise ValidationError({"value": [_("Edit this value as JSON.")]})


@login_required
@permission_required("core.change_rulevalue", raise_exception=True)
@require_POST
def rule_set(request, key):
    """Give one parameter a new value from a date on; HTMX gets the parameter's card back."""
    if key not in rules.declared():
        raise Http404
    state = parameter_states(keys=[key])[0]
    try:
        effective_from = check_effective_from(parse_day(request.POST.get("effective_from")))
        new_value = value_from_post(state, request.POST)
        rules.set_value(actor=request.user, key=key, new_value=new_value, effective_from=effective_from,
                        note=request.POST.get("note", "").strip()[:200])
    except (ValidationError, ValueError) as exc:
        errors = exc.messages if isinstance(exc, ValidationError) else [_("Enter a valid date.")]
        if not request.htmx:
            messages.error(request, " ".join(errors))
            return redirect(reverse("rules") + f"#rule-{key}")
        state.errors, state.draft = errors, request.POST.get("value")
        # 200, so HTMX swaps the card in with its errors (it leaves 4xx responses unswapped)
        return render(request, "core/rules.html#parameter", {"state": state, "can_change": True})
    record_event(AuditAction.ADMIN_CHANGE, request=request, target=f"rule {key}", value=new_value,
                 effective_from=effective_from.isoformat())
    message = _("New value of “%(label)s” saved, in force from %(date)s.") % {
        "label": state.parameter.label, "date": effective_from.isoformat()}
    if not request.htmx:
        messages.success(request, message)
        return redirect(reverse("rules") + f"#rule-{key}")
    fresh = parameter_states(keys=[key])[0]
    return render(request, "core/rules.html#parameter", {"state": fresh, "can_change": True, "saved": message})
