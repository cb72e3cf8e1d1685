"""Reads of products and categories."""

from django.db.models import Count, Q, QuerySet

from .. import access
from ..models import Category, Product
from .common import get_or_404


def list_products_for(user, *, search: str = "", category: Category | None = None, status: str = "",
                      is_spare_part: bool | None = None, sku: str = "") -> QuerySet[Product]:
    qs = access.products_visible_to(user).select_related("category")
    if search:
        qs = qs.filter(Q(sku__icontains=search) | Q(name__icontains=search) | Q(model__icontains=search))
    if sku:
        qs = qs.filter(sku__iexact=sku)
    if category is not None:
        qs = qs.filter(category__path__startswith=category.path)
    if status:
        qs = qs.filter(status=status)
    if is_spare_part is not None:
        qs = qs.filter(is_spare_part=is_spare_part)
    return qs


def get_product_for(user, pk) -> Product:
    return get_or_404(access.products_visible_to(user).select_related("category"), pk)


def list_categories_for(user) -> QuerySet[Category]:
    return access.categories_visible_to(user).select_related("parent")


def get_category_for(user, pk) -> Category:
    return get_or_404(list_categories_for(user), pk)


def category_tree_for(user) -> list[dict]:
    """Active categories as nested dicts with the number of products in each subtree."""
    categories = list(access.categories_visible_to(user).filter(is_active=True).annotate(own=Count("products")))
    nodes = {c.pk: {"category": c, "children": [], "total": c.own} for c in categories}
    roots = []
    for category in categories:
        parent = nodes.get(category.parent_id)
        (parent["children"] if parent else roots).append(nodes[category.pk])

    def total(node):
        node["children"].sort(key=lambda n: (n["category"].sort_order, n["category"].pk))
        node["total"] += sum(total(child) for child in node["children"])
        return node["total"]

    for root in roots:
        total(root)
    return sorted(roots, key=lambda n: (n["category"].sort_order, n["category"].pk))
