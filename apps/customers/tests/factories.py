"""Test data made through the services, so tests exercise the same rules as the product."""

import itertools

from core.testing.helpers import user

from .. import services

_numbers = itertools.count(1)


def make_customer(owner: str = "sales_rep", **fields):
    """A customer owned by the persona `owner`, with a unique name and phone unless given."""
    n = next(_numbers)
    fields.setdefault("name", f"测试客户{n:05d}有限公司")
    fields.setdefault("phone", f"139{n:08d}")
    fields.setdefault("kind", "company")
    actor = user(owner)
    return services.create_customer(actor=actor, owner=actor, **fields)
