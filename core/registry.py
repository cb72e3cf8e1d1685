"""Small registries through which higher apps plug into shared pages without core knowing them.

- navigation: sidebar entries, each shown only to users passing its `visible` check;
- dashboard panels: cards on the home page;
- search providers: the top bar's global search.
- record panels and open items: tabs on another app's record page (the customer 360 page) and what is still
  open on a record (the phone screen-pop card).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast
from django.urls import get_script_prefix, get_urlconf, reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    icon: str
    section: str
    order: int = 100
    visible: Callable = field(default=lambda user: True)

    @property
    def url(self) -> str:
        """The entry's address, reversed once per URL configuration: the sidebar shows it on every page."""
        return _reverse_once(self.url_name, get_urlconf(), get_script_prefix())


@cache
def _reverse_once(url_name: str, urlconf, _script_prefix: str) -> str:
    return reverse(url_name, urlconf=urlconf)


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    template: str
    context: Callable  # (request) -> dict
    order: int = 100
    visible: Callable = field(default=lambda user: True)


@dataclass(frozen=True)
class SearchProvider:
    key: str
    label: str
    search: Callable  # (user, text) -> list[SearchHit]
    visible: Callable = field(default=lambda user: True)


@dataclass(frozen=True)
class SearchHit:
    title: str
    subtitle: str
    url: str


_nav: dict[str, NavItem] = {}
_panels: dict[str, DashboardPanel] = {}
_search: dict[str, SearchProvider] = {}


def register_nav(item: NavItem) -> None:
    _nav[item.key] = item


def register_panel(panel: DashboardPanel) -> None:
    _panels[panel.key] = panel


def register_search(provider: SearchProvider) -> None:
    _search[provider.key] = provider


def nav_for(user) -> list[NavItem]:
    return sorted((i for i in _nav.values() if i.visible(user)), key=lambda i: (i.order, i.key))


def panels_for(user) -> list[DashboardPanel]:
    return sorted((p for p in _panels.values() if p.visible(user)), key=lambda p: (p.order, p.key))


def search_providers_for(user) -> list[SearchProvider]:
    return [p for p in _search.values() if p.visible(user)]


@dataclass(frozen=True)
class RecordPanel:
    """A tab or card on another app's record page (e.g. orders and tickets on the customer 360 page)."""

    key: str
    label: str
    template: str
    context: Callable  # (request, record) -> dict
    order: int = 100
    visible: Callable = field(default=lambda user: True)


_record_panels: dict[str, dict[str, RecordPanel]] = {}


def register_record_panel(record_label: str, panel: RecordPanel) -> None:
    """Add `panel` to the pages of records labelled `record_label` ("customers.customer")."""
    _record_panels.setdefault(record_label, {})[panel.key] = panel


def record_panels_for(record_label: str, user) -> list[RecordPanel]:
    panels = _record_panels.get(record_label, {}).values()
    return sorted((p for p in panels if p.visible(user)), key=lambda p: (p.order, p.key))


@dataclass(frozen=True)
class OpenItem:
    """Something still open on a record (an opportunity, an order, a ticket), shown on screen-pops and cards."""

    kind: str
    title: str
    status: str
    url: str


@dataclass(frozen=True)
class OpenItemRow:
    """One open item as the combined query returns it; a provider turns it into an OpenItem."""

    pk: int
    title: str
    status: str


@dataclass(frozen=True)
class OpenItemsProvider:
    """A record's open items of one kind. `rows(user, record)` returns a queryset (already scoped to the user) and
    the expressions for its title and status; all providers' rows are read in ONE union query, so a screen-pop costs
    the same however many apps contribute. `item(row)` makes the OpenItem (label, link) from an OpenItemRow."""

    key: str
    rows: Callable  # (user, record) -> (QuerySet, title expression, status expression)
    item: Callable  # (OpenItemRow) -> OpenItem
    visible: Callable = field(default=lambda user: True)
    limit: int = 10


_open_items: dict[str, dict[str, OpenItemsProvider]] = {}


def register_open_items(record_label: str, provider: OpenItemsProvider) -> None:
    """Let `provider` list its open items for records labelled `record_label` ("customers.customer")."""
    _open_items.setdefault(record_label, {})[provider.key] = provider


def _columns(provider: OpenItemsProvider, user, record):
    queryset, title, status = provider.rows(user, record)
    text = CharField()
    return queryset.order_by().annotate(
        oi_key=Value(provider.key, output_field=text), oi_pk=F("pk"), oi_title=Cast(title, text),
        oi_status=Cast(status, text),
    ).values_list("oi_key", "oi_pk", "oi_title", "oi_status")


def open_items_for(record_label: str, user, record) -> list[OpenItem]:
    """Every visible provider's open items on `record`, newest first per provider, in one query."""
    providers = sorted((p for p in _open_items.get(record_label, {}).values() if p.visible(user)),
                       key=lambda p: p.key)
    if not providers:
        return []
    first, *rest = [_columns(p, user, record) for p in providers]
    rows: dict[str, list[OpenItemRow]] = {p.key: [] for p in providers}
    for key, pk, title, status in (first.union(*rest, all=True) if rest else first):
        rows[key].append(OpenItemRow(pk, title, status))
    return [p.item(row) for p in providers
            for row in sorted(rows[p.key], key=lambda r: r.pk, reverse=True)[:p.limit]]
