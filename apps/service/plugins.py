"""How the service desk plugs into the shell: menu, dashboard panels, global search, the customer 360 page."""

from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.registry import (
    DashboardPanel,
    NavItem,
    OpenItem,
    OpenItemsProvider,
    RecordPanel,
    SearchHit,
    SearchProvider,
    register_nav,
    register_open_items,
    register_panel,
    register_record_panel,
    register_search,
)

from . import access, kb_access, kb_selectors, selectors
from .choices import OPEN_STATUSES, TicketStatus
from .quality import plugins as quality_plugins  # noqa: F401  (registers the quality pages)
from .visits import plugins as visits_plugins  # noqa: F401  (registers the return-visit pages)

SECTION = _("Service desk")
CUSTOMER = selectors.CUSTOMER_RECORD

register_nav(NavItem("service-inbox", _("Tickets"), "service:inbox", "headset", SECTION, 10,
                     access.can_view_tickets))
register_nav(NavItem("service-new", _("New ticket"), "service:create", "phone-plus", SECTION, 20,
                     access.can_create_ticket))
register_nav(NavItem("service-kb", _("Knowledge base"), "service:kb", "book", SECTION, 30, kb_access.can_view_kb))
register_nav(NavItem("service-settings", _("SLA and routing"), "service:settings", "adjustments", SECTION, 90,
                     lambda u: u.has_perm("service.view_slapolicy")))
register_nav(NavItem("service-inbound-mail", _("Inbound email"), "service:inbound-mail", "mail-down", SECTION, 92,
                     access.can_view_inbound_mail))


def _majors_panel(request):
    return {"tickets": selectors.open_major_tickets_for(request.user)[:8]}


def _heads_a_unit_or_sees_all(user) -> bool:
    return access.can_view_tickets(user) and (access.can_see_all_tickets(user) or user.headed_units.exists())


register_panel(DashboardPanel("service-majors", "service/panels/majors.html", _majors_panel, 20,
                              _heads_a_unit_or_sees_all))

_QUEUE_BOXES = [("mine", _("My tickets")), ("team", _("My team's queue")), ("due_soon", _("Due soon")),
                ("breached", _("Breached"))]


def _queue_panel(request):
    counts = selectors.box_counts(request.user)
    return {"boxes": [(key, label, counts[key]) for key, label in _QUEUE_BOXES]}


register_panel(DashboardPanel("service-queue", "service/panels/queue.html", _queue_panel, 15,
                              access.can_work_tickets))


def _customer_tickets(request, customer):
    return {"tickets": selectors.tickets_of_customer(request.user, customer)[:20],
            "can_create": access.can_create_ticket(request.user), "phone": customer.phone}


register_record_panel(CUSTOMER, RecordPanel("tickets", _("Tickets"), "service/panels/customer_tickets.html",
                                            _customer_tickets, 40, access.can_view_tickets))


def _open_tickets(user, customer):
    tickets = selectors.tickets_of_customer(user, customer).filter(status__in=OPEN_STATUSES)
    return tickets, Concat(F("number"), Value(" "), F("subject")), F("status")


def _ticket_item(row) -> OpenItem:
    return OpenItem(kind=str(_("Ticket")), title=row.title, status=str(TicketStatus(row.status).label),
                    url=reverse("service:detail", args=[row.pk]))


register_open_items(CUSTOMER, OpenItemsProvider("tickets", _open_tickets, _ticket_item, access.can_view_tickets))


def _search_tickets(user, text):
    tickets = access.tickets_visible_to(user).filter(
        Q(number__icontains=text) | Q(subject__icontains=text) | Q(phone_digits__contains=text)
    ).select_related("customer").order_by("-received_at")[:8]
    return [SearchHit(f"{t.number} {t.subject}", t.customer.name if t.customer else t.caller_name,
                      reverse("service:detail", args=[t.pk])) for t in tickets]


register_search(SearchProvider("tickets", _("Tickets"), _search_tickets, access.can_view_tickets))


def _search_articles(user, text):
    articles = kb_selectors.list_articles_for(user, search=text)[:5]
    return [SearchHit(a.title, a.product_name or a.get_kind_display(), reverse("service:kb-detail", args=[a.pk]))
            for a in articles]


register_search(SearchProvider("kb", _("Knowledge base"), _search_articles, kb_access.can_view_kb))
