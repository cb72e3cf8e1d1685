"""Sales-process test data, made through the services like the product makes it."""

import datetime

from django.utils import timezone

from core.testing.helpers import user

from .. import services
from .factories import make_customer

BEIJING = {"province_code": "110000", "city_code": "110100"}
GUANGZHOU = {"province_code": "440000", "city_code": "440100"}


def north_customer(**fields):
    """A Beijing customer of the north rep (in the regional manager's region)."""
    return make_customer("sales_rep", **{**BEIJING, **fields})


def south_customer(**fields):
    """A Guangzhou customer of the south rep (in the branch GM's region)."""
    return make_customer("south_rep", **{**GUANGZHOU, **fields})


def make_opportunity(customer, *, stage=None, owner=None, **fields):
    """An opportunity owned by the customer's owner, walked to `stage` through the services."""
    owner = user(owner) if isinstance(owner, str) else (owner or customer.owner)
    fields.setdefault("name", f"{customer.name} · UV平板打印机")
    opportunity = services.create_opportunity(actor=owner, customer=customer, owner=owner, **fields)
    if stage is not None and stage != opportunity.stage:
        opportunity = services.move_opportunity(actor=owner, opportunity=opportunity, stage=stage,
                                                lost_reason="价格高" if stage == "lost" else "")
    return opportunity


def log(customer, *, kind="call", days_ago=0, actor=None, **fields):
    actor = user(actor) if isinstance(actor, str) else (actor or customer.owner)
    fields.setdefault("subject", "电话跟进")
    return services.log_activity(actor=actor, customer=customer, kind=kind,
                                 occurred_at=timezone.now() - datetime.timedelta(days=days_ago), **fields)
