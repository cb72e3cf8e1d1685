"""Small registries through which higher apps plug into shared pages without core knowing them.

- navigation: sidebar entries, each shown only to users passing its `visible` check;
- dashboard panels: cards on the home page;
- search providers: the top bar's global search.
- record panels and open items: tabs on another app's record page (the customer 360 page) and what is still
  open on a record (the phone screen-pop card).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    icon: str
    section: str
    order: int = 100
    visible: Callable = field(default=lambda user: True)


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
class OpenItemsProvider:
    key: str
    items: Callable  # (user, record) -> list[OpenItem]
    visible: Callable = field(default=lambda user: True)


_open_items: dict[str, dict[str, OpenItemsProvider]] = {}


def register_open_items(record_label: str, provider: OpenItemsProvider) -> None:
    """Let `provider` list its open items for records labelled `record_label` ("customers.customer")."""
    _open_items.setdefault(record_label, {})[provider.key] = provider


def open_items_for(record_label: str, user, record) -> list[OpenItem]:
    providers = sorted(_open_items.get(record_label, {}).values(), key=lambda p: p.key)
    return [item for p in providers if p.visible(user) for item in p.items(user, record)]
