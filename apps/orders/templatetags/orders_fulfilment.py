"""Template helpers of the fulfilment pages (the order page's Ship button asks the same access rule)."""

from django import template

from .. import access_fulfilment

register = template.Library()


@register.simple_tag(takes_context=True)
def ship_button(context, order) -> bool:
    """Whether the current user may start a shipment of `order`."""
    request = context.get("request")
    return request is not None and access_fulfilment.can_create_shipment(request.user, order)
