"""Materialised-path trees (org units, product and ticket categories): a node's path lists its ancestors' ids,
so a whole subtree is one indexed `path__startswith` away."""

from django.core.exceptions import ValidationError
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr


def path_for(parent, pk: int) -> str:
    return f"{parent.path if parent else '/'}{pk}/"


def save_new_node(node) -> None:
    """Insert `node` (its parent already set) and give it its path."""
    node.save()
    node.path = path_for(node.parent, node.pk)
    node.save(update_fields=["path"])


def move_node(node, new_parent, *, cycle_error: str) -> None:
    """Hang `node` under `new_parent` and rewrite its subtree's paths in one UPDATE; the caller saves `node`."""
    if new_parent == node.parent:
        return
    if new_parent is not None and new_parent.path.startswith(node.path):
        raise ValidationError({"parent": cycle_error})
    old_path = node.path
    node.parent = new_parent
    node.path = path_for(new_parent, node.pk)
    type(node)._default_manager.filter(path__startswith=old_path).exclude(pk=node.pk).update(
        path=Concat(Value(node.path), Substr(F("path"), len(old_path) + 1))
    )
