"""Test data made through the services, so tests exercise the same rules as the product."""

import itertools

from apps.customers.tests.factories import make_customer
from apps.org import selectors as org_selectors
from core.testing.helpers import user

from .. import services
from ..choices import AssignmentMode
from ..models import TicketCategory

_phones = itertools.count(1)

__all__ = ["category", "make_customer", "make_rule", "make_ticket", "unit"]


def unit(code: str):
    """An org unit of the demo organisation by its code."""
    return org_selectors.list_org_units_for(user("admin")).get(code=code)


def category(name: str) -> TicketCategory:
    return TicketCategory.objects.get(name=name)


def make_rule(team: str, *, position: int = 100, assignment: str = AssignmentMode.QUEUE, department: str = "",
              **conditions):
    """A routing rule to the team with org-unit code `team`."""
    return services.save_routing_rule(
        actor=user("cs_manager"), name=f"→ {team}", position=position, team=unit(team), assignment=assignment,
        department=unit(department) if department else None, **conditions)


def make_ticket(actor: str = "cs_agent", *, kind: str = "inquiry", subject: str = "打印机无法开机", **fields):
    """A ticket logged by the persona `actor`; an unknown caller with a fresh phone unless a customer is given."""
    if "customer" not in fields and "phone" not in fields:
        fields["phone"] = f"137{next(_phones):08d}"
    return services.create_ticket(actor=user(actor), kind=kind, subject=subject, **fields)
