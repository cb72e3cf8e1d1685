"""Writers of the service desk's configuration (categories, SLA policies, routing rules) and of saved views."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import trees
from core.audit import record_event
from core.models.audit import AuditAction

from ..choices import TargetUnit
from ..models import RoutingRule, SavedView, SLAPolicy, TicketCategory

_DAY_UNITS = {TargetUnit.WORKING_DAYS, TargetUnit.DAYS}


def _audit(actor, target: str, op: str, **detail) -> None:
    record_event(AuditAction.ADMIN_CHANGE, actor=actor, target=target, op=op, **detail)


# -- categories ------------------------------------------------------------------------------------------------

@transaction.atomic
def create_category(*, actor, name: str, parent: TicketCategory | None = None, name_en: str = "",
                    sort_order: int = 0, is_active: bool = True) -> TicketCategory:
    """Add a category under `parent`."""
    category = TicketCategory(name=name.strip(), name_en=name_en, parent=parent, sort_order=sort_order,
                              is_active=is_active, created_by=actor, updated_by=actor)
    category.full_clean(exclude=["path"])
    trees.save_new_node(category)
    return category


@transaction.atomic
def update_category(*, actor, category: TicketCategory, **changes) -> TicketCategory:
    """Rename, reorder, deactivate or move a category (its sub-categories move with it)."""
    parent = changes.pop("parent", category.parent)
    for field, value in changes.items():
        setattr(category, field, value)
    trees.move_node(category, parent, cycle_error=_("A category cannot be moved under itself."))
    category.updated_by = actor
    category.full_clean(exclude=["path"])
    category.save()
    return category


# -- SLA policies and routing rules ----------------------------------------------------------------------------

def _check_policy(policy: SLAPolicy) -> None:
    errors = {}
    for name in ("first_response", "resolution", "return_visit"):
        amount, unit = getattr(policy, f"{name}_target"), getattr(policy, f"{name}_unit")
        if amount is not None and amount <= 0:
            errors[f"{name}_target"] = _("A target must be more than zero.")
        elif amount is not None and unit in _DAY_UNITS and amount != int(amount):
            errors[f"{name}_target"] = _("Days are counted in whole days.")
    if errors:
        raise ValidationError(errors)
    policy.full_clean()


def _save_config(obj, actor, changes: dict, check) -> None:
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.updated_by = actor
    if obj.pk is None:
        obj.created_by = actor
    check(obj)
    if getattr(obj, "is_default", False):
        type(obj).objects.filter(is_default=True).exclude(pk=obj.pk).update(is_default=False)
    obj.save()


@transaction.atomic
def save_policy(*, actor, policy: SLAPolicy | None = None, **changes) -> SLAPolicy:
    """Create or change an SLA policy; marking it the default takes the flag from the previous default.
    New deadlines apply to tickets from their next state change on."""
    policy = policy or SLAPolicy()
    op = "update" if policy.pk else "create"
    _save_config(policy, actor, changes, _check_policy)
    _audit(actor, f"service.slapolicy:{policy.pk}", op, fields=sorted(changes))
    return policy


@transaction.atomic
def save_routing_rule(*, actor, rule: RoutingRule | None = None, **changes) -> RoutingRule:
    """Create or change a routing rule."""
    rule = rule or RoutingRule()
    op = "update" if rule.pk else "create"
    _save_config(rule, actor, changes, lambda r: r.full_clean())
    _audit(actor, f"service.routingrule:{rule.pk}", op, fields=sorted(changes))
    return rule


@transaction.atomic
def delete_config(*, actor, obj) -> None:
    """Remove an SLA policy or routing rule (tickets keep their deadlines); the default policy stays."""
    if getattr(obj, "is_default", False):
        raise ValidationError(_("The default policy cannot be deleted: make another one the default first."))
    _audit(actor, f"service.{obj._meta.model_name}:{obj.pk}", "delete", name=obj.name)
    obj.delete()


# -- saved inbox views -----------------------------------------------------------------------------------------

def save_view(*, actor, name: str, query: str) -> SavedView:
    """Keep the inbox's current filters under a name (replacing a view of the same name)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the view a name.")})
    view, _created = SavedView.objects.update_or_create(owner=actor, name=name[:60],
                                                       defaults={"query": query.lstrip("?")[:500]})
    return view


def delete_view(*, actor, view: SavedView) -> None:
    if view.owner_id != actor.pk:
        raise ValidationError(_("This view belongs to someone else."))
    view.delete()
