"""Row-level data scopes: the one place that decides which rows a user may see.

A model opts in by declaring which of its fields carry the owner, org unit, region and partner::

    class Customer(models.Model):
        data_scope = ScopeFields(owner="owner", org_unit="org_unit", region="region", partner="partner_unit")

Every list, detail, API endpoint, export and report starts from `restrict(queryset, user)`; a row outside the
scope is simply absent, so a detail lookup answers 404 and ids cannot be probed.
"""

from dataclasses import dataclass, field, replace
from functools import cache

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from . import access_cache


class DataScope(models.TextChoices):
    OWN = "own", _("Own records")
    TEAM = "team", _("Own team")
    DEPARTMENT = "department", _("Department and sub-units")
    REGION = "region", _("Own region")
    ALL = "all", _("All records")
    PARTNER = "partner", _("Own partner company")


# Internal scopes ordered from narrowest to widest; a user with several roles gets the widest.
SCOPE_BREADTH = [DataScope.OWN, DataScope.TEAM, DataScope.DEPARTMENT, DataScope.REGION, DataScope.ALL]


def widest(scopes) -> DataScope:
    """The widest internal scope among `scopes`; partner-self only when it is the only one."""
    scopes = [DataScope(s) for s in scopes]
    internal = [s for s in scopes if s != DataScope.PARTNER]
    if internal:
        return max(internal, key=SCOPE_BREADTH.index)
    return DataScope.PARTNER if scopes else DataScope.OWN


@dataclass(frozen=True)
class ScopeFields:
    """Names (ORM paths) of the fields that place a row in the organisation."""

    owner: str | None = None
    org_unit: str | None = None
    region: str | None = None
    partner: str | None = None


@dataclass(frozen=True)
class ScopeContext:
    """Where a user stands: computed by the organisation app's resolver, kept in the access cache until something
    it depends on changes (core.access_cache)."""

    scope: DataScope
    user_id: int | None = None
    unit_id: int | None = None
    subtree_path: str = ""
    region_ids: frozenset[int] = field(default_factory=frozenset)
    partner_unit_id: int | None = None
    unit_path: str = ""  # the path of the user's own unit


NOTHING = Q(pk__in=[])


@cache
def _resolver():
    return import_string(settings.SCOPE_CONTEXT_RESOLVER)


def _resolve(user) -> ScopeContext:
    context = _resolver()(user)
    return replace(context, scope=DataScope.ALL) if user.is_superuser else context


def scope_context(user) -> ScopeContext:
    """The user's scope context: from the access cache, then kept on the user object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ScopeContext(scope=DataScope.OWN)
    cached = getattr(user, "_scope_context", None)
    if cached is None:
        cached = user._scope_context = access_cache.remember(user, "scope", lambda: _resolve(user))
    return cached


def forget_scope_context(user) -> None:
    """Drop the context kept on the user object (after roles or org unit change; the access cache's entry goes by
    itself)."""
    if hasattr(user, "_scope_context"):
        del user._scope_context


def _eq(path: str | None, value) -> Q:
    return Q(**{path: value}) if path and value is not None else NOTHING


def scope_filter(fields: ScopeFields, ctx: ScopeContext) -> Q | None:
    """The filter for `ctx` over a model with `fields`; None means no restriction."""
    if not (ctx.user_id or ctx.scope == DataScope.ALL):
        return NOTHING
    if ctx.scope == DataScope.ALL:
        return None
    if ctx.scope == DataScope.PARTNER:
        return _eq(fields.partner, ctx.partner_unit_id)
    own = _eq(fields.owner, ctx.user_id)
    if ctx.scope == DataScope.OWN:
        return own
    if ctx.scope == DataScope.TEAM:
        return own | _eq(fields.org_unit, ctx.unit_id)
    subtree = (
        Q(**{f"{fields.org_unit}__path__startswith": ctx.subtree_path})
        if fields.org_unit and ctx.subtree_path else NOTHING
    )
    if ctx.scope == DataScope.DEPARTMENT:
        return own | subtree
    region = Q(**{f"{fields.region}__in": ctx.region_ids}) if fields.region and ctx.region_ids else NOTHING
    return own | subtree | region


def restrict(queryset: models.QuerySet, user) -> models.QuerySet:
    """Restrict `queryset` to the rows `user` may see under its model's declared ScopeFields."""
    fields = getattr(queryset.model, "data_scope", None)
    if not isinstance(fields, ScopeFields):
        raise TypeError(f"{queryset.model.__name__} declares no data_scope = ScopeFields(...)")
    condition = scope_filter(fields, scope_context(user))
    if condition is None:
        return queryset
    return queryset.filter(condition)


def get_in_scope_or_404(queryset: models.QuerySet, user, **lookup):
    """One row from the user's scope, or 404 — the same answer for "forbidden" and "missing"."""
    try:
        return restrict(queryset, user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
