"""窜货 check of repair tickets (domain.md §4): a serial number serviced outside the territory of the partner it
was shipped to is flagged for review by the orders app's hook, after the ticket's transaction commits."""

import logging

from django.db import transaction

from apps.orders.choices_fulfilment import FlagSource
from apps.orders.services import flags as order_flags
from core import divisions

from ..choices import TicketKind
from ..models import Ticket

SOURCE = FlagSource.SERVICE_REQUEST
logger = logging.getLogger(__name__)


def service_location(ticket: Ticket) -> tuple[str, str]:
    """Where the product is serviced, as (province code, city code): the customer's address, else the ticket's
    region when it names one place only (a region of several provinces says nothing about where)."""
    customer = ticket.customer
    if customer is not None and customer.province_code:
        return customer.province_code, customer.city_code
    region = ticket.region
    if region is None or len(region.provinces) + len(region.cities) != 1:
        return "", ""
    province, city, _district = divisions.resolve(province=(region.provinces or [""])[0],
                                                  city=(region.cities or [""])[0])
    return (province.code if province else "", city.code if city else "")


def check_serial_on_commit(ticket: Ticket) -> None:
    """For a repair with a serial number and a known place, ask the orders app to flag a serial serviced outside
    its partner's territory once the ticket is saved (the hook returns the same flag for the same ticket again)."""
    if ticket.kind != TicketKind.REPAIR or not ticket.serial_no.strip():
        return
    province_code, city_code = service_location(ticket)
    if not province_code:
        return
    serial_no, reference = ticket.serial_no.strip(), ticket.number

    def flag() -> None:
        raised = order_flags.flag_serial_outside_territory(serial_no=serial_no, province_code=province_code,
                                                           city_code=city_code, source=SOURCE, reference=reference)
        if raised is not None:
            logger.info("ticket %s: serial %s flagged as cross-territory (flag %s)", reference, serial_no, raised.pk)

    transaction.on_commit(flag, robust=True)
