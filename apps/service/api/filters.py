"""List filters of the ticket API: plain field params and date ranges."""

import django_filters

from core.api.fields import IdFilter

from ..choices import SlaStatus, TicketChannel, TicketKind, TicketPriority, TicketStatus
from ..models import Ticket


class TicketFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=TicketStatus.choices)
    kind = django_filters.ChoiceFilter(choices=TicketKind.choices)
    sla_status = django_filters.MultipleChoiceFilter(choices=SlaStatus.choices)
    priority = django_filters.ChoiceFilter(choices=TicketPriority.choices)
    channel = django_filters.ChoiceFilter(choices=TicketChannel.choices)
    team = IdFilter(field_name="team_id")
    assignee = IdFilter(field_name="assignee_id")
    customer = IdFilter(field_name="customer_id")
    category = IdFilter(field_name="category_id")
    unassigned = django_filters.BooleanFilter(field_name="assignee", lookup_expr="isnull")

    class Meta:
        model = Ticket
        fields = {"is_major": ["exact"], "created_at": ["gte", "lte"], "received_at": ["gte", "lte"],
                  "resolution_due": ["gte", "lte"]}
