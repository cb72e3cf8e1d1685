"""Who hears about channel events, and how (core.notify; sent after the transaction commits)."""

from django.urls import reverse

from apps.org import selectors as org_selectors
from core.notify import notify


def tell_role(role: str, *, title: str, body: str = "", url: str = "") -> None:
    """In-app notice to everyone holding `role` (e.g. the next approver)."""
    notify(list(org_selectors.users_with_role(role)), title=title, body=body, url=url)


def tell_users(users, *, title: str, body: str = "", url: str = "", level: str = "info", email: bool = False) -> None:
    """In-app notice (and mail when asked) to each of `users`, once each."""
    unique = {u.pk: u for u in users if u is not None}
    notify(list(unique.values()), title=title, body=body, url=url, level=level, email=email)


def partner_url(partner) -> str:
    return reverse("channels:partner-detail", args=[partner.pk])


def application_url(application) -> str:
    return reverse("channels:application-detail", args=[application.pk])
