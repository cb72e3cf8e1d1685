"""Who is told what about orders and receivables (in-app + mail through core.notify), after commit."""

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.org import selectors as org_selectors
from core.money import format_cny
from core.notify import notify

from ..choices import HoldKind, OrderStatus
from ..models import Order

APPROVER_ROLES = {"approval": ["sales_admin"], HoldKind.CREDIT: ["marketing_director", "sales_admin"],
                  HoldKind.OVERDUE: ["marketing_director", "sales_admin"], HoldKind.PRICE: ["marketing_director"]}


def users_of(roles) -> list:
    users = {}
    for code in roles:
        for user in org_selectors.users_with_role(code):
            users[user.pk] = user
    return list(users.values())


def order_waits(order_id: int) -> None:
    """A submitted order waits for approval, or is on hold: tell who decides it."""
    order = Order.objects.select_related("customer").only(
        "number", "status", "hold_kind", "hold_reason", "total_amount", "customer__name").get(pk=order_id)
    if order.status not in (OrderStatus.SUBMITTED, OrderStatus.ON_HOLD):
        return
    url = reverse("orders:detail", args=[order.pk])
    if order.status == OrderStatus.ON_HOLD:
        notify(users_of(APPROVER_ROLES.get(order.hold_kind, ["sales_admin"])), level="warning", url=url,
               title=_("Order %(number)s on hold") % {"number": order.number}, body=order.hold_reason)
        return
    notify(users_of(APPROVER_ROLES["approval"]), url=url,
           title=_("Order %(number)s waits for approval") % {"number": order.number},
           body=_("%(customer)s · %(total)s") % {"customer": order.customer.name,
                                                 "total": format_cny(order.total_amount)})


def overdue_recipients(customer) -> list:
    """The customer's rep and the sales admins."""
    return [u for u in [customer.owner, *users_of(["sales_admin"])] if u is not None]
