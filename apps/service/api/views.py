"""Service-desk API: tickets with their actions, and the admin-edited categories, SLA policies, routing rules."""

from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from core.api.errors import Conflict, error_response
from core.api.idempotency import idempotent
from core.api.permissions import ModelPermissions, require_perm

from .. import access, selectors, services, workflow
from ..choices import MessageKind, TicketStatus
from . import serializers as s
from .filters import TicketFilter

WAITING = (TicketStatus.WAITING_CUSTOMER, TicketStatus.WAITING_DEPARTMENT)
WORK = require_perm("service.change_ticket")
_ERRORS = {400: OpenApiResponse(s.TicketErrorSerializer, description="Invalid input; `five_clears_incomplete` names "
                                                               "each missing five-clears field in `fields`."),
           403: OpenApiResponse(s.TicketErrorSerializer), 404: OpenApiResponse(s.TicketErrorSerializer),
           409: OpenApiResponse(s.TicketErrorSerializer, description="The ticket's status does not allow the action.")}

_REPEATED = OpenApiResponse(s.TicketErrorSerializer, description=(
    "`idempotency_key_reused`: the Idempotency-Key was used for another body; `idempotency_request_in_progress`: "
    "the first request with this key still runs."))


def _valid(serializer) -> dict:
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class TicketViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Tickets in the caller's scope (out of scope: 404). State changes are actions."""

    permission_classes = [ModelPermissions]
    serializer_class = s.TicketSerializer
    filterset_class = TicketFilter
    search_fields = ["number", "subject", "caller_name", "phone_digits", "customer__name"]
    ordering_fields = ["received_at", "created_at", "updated_at", "resolution_due", "first_response_due", "number",
                       "priority", "status"]
    ordering = ["-received_at", "-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return access.tickets_visible_to(self.request.user).select_related(
            "customer", "team", "assignee", "category").prefetch_related("tags")

    def _out(self, ticket, code=status.HTTP_200_OK) -> Response:
        ticket = self.get_queryset().get(pk=ticket.pk)
        return Response(s.TicketSerializer(ticket, context={"request": self.request}).data, status=code)

    def _act(self, call, *, target: str = "", allowed=None, own: bool = True):
        """Run a state change: 403 when the user may not work this ticket, 409 when its status does not allow
        the action, 400 with `five_clears_incomplete` when a complaint lacks its five clears."""
        ticket, user = self.get_object(), self.request.user
        if own and not access.can_act_on(user, ticket):
            raise PermissionDenied
        if not (allowed(user, ticket) if allowed else workflow.can_transition(ticket.status, target)):
            raise Conflict(_not_now(ticket), code="invalid_transition")
        try:
            return self._out(call(ticket))
        except services.FiveClearsIncomplete as exc:
            return error_response("five_clears_incomplete", exc.summary, 400, fields=exc.message_dict)
        except workflow.InvalidTransition as exc:
            raise Conflict(exc.messages[0], code="invalid_transition") from exc

    @extend_schema(request=s.TicketCreateSerializer, responses={201: s.TicketSerializer, **_ERRORS, 409: _REPEATED})
    @idempotent
    def create(self, request, *args, **kwargs):
        data = _valid(s.TicketCreateSerializer(data=request.data, context={"request": request}))
        ticket = services.create_ticket(actor=request.user, **data)
        return self._out(ticket, status.HTTP_201_CREATED)

    @extend_schema(request=s.TicketUpdateSerializer, responses={200: s.TicketSerializer, **_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        ticket = self.get_object()
        if not access.can_edit(request.user, ticket):
            raise PermissionDenied
        data = _valid(s.TicketUpdateSerializer(data=request.data, partial=True, context={"request": request}))
        return self._out(services.update_ticket(actor=request.user, ticket=ticket, **data))

    @extend_schema(request=s.TicketReplySerializer, responses={201: s.TicketMessageSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[WORK])
    def reply(self, request, pk=None):
        """Reply to the customer, or add an internal note (`internal: true`)."""
        ticket = self.get_object()
        if not access.can_reply(request.user, ticket):
            raise Conflict(_not_now(ticket), code="invalid_transition")
        data = _valid(s.TicketReplySerializer(data=request.data))
        kind = MessageKind.NOTE if data["internal"] else MessageKind.REPLY
        message = services.add_message(actor=request.user, ticket=ticket, body=data["body"], kind=kind)
        return Response(s.TicketMessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.TicketAssignSerializer, responses={200: s.TicketSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[require_perm("service.assign_ticket")])
    def assign(self, request, pk=None):
        """Give the ticket to an agent."""
        data = _valid(s.TicketAssignSerializer(data=request.data))
        return self._act(lambda t: services.assign_ticket(actor=request.user, ticket=t, **data),
                         allowed=access.can_assign, own=False)

    @extend_schema(request=None, responses={200: s.TicketSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[WORK])
    def take(self, request, pk=None):
        """Take an unassigned ticket from the queue."""
        return self._act(lambda t: services.take_ticket(actor=request.user, ticket=t), allowed=access.can_take,
                         own=False)

    @extend_schema(request=s.TicketTransferSerializer, responses={200: s.TicketSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[WORK])
    def transfer(self, request, pk=None):
        """Move the ticket to another team (and agent), with the reason."""
        data = _valid(s.TicketTransferSerializer(data=request.data, context={"request": request}))
        return self._act(lambda t: services.transfer_ticket(actor=request.user, ticket=t, **data),
                         allowed=access.can_transfer)

    @extend_schema(request=None, responses={200: s.TicketSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[WORK])
    def start(self, request, pk=None):
        """Start working the ticket."""
        return self._act(lambda t: services.start_work(actor=request.user, ticket=t), target=TicketStatus.IN_PROGRESS)

    @extend_schema(request=s.TicketReasonSerializer, responses={200: s.TicketSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], url_path="wait-customer", permission_classes=[WORK])
    def wait_customer(self, request, pk=None):
        """Wait on the customer: the SLA clocks stop."""
        data = _valid(s.TicketReasonSerializer(data=request.data))
        return self._act(lambda t: services.wait_for_customer(actor=request.user, ticket=t, **data),
                         target=TicketStatus.WAITING_CUSTOMER)

    @extend_schema(request=s.TicketReasonSerializer, responses={200: s.TicketSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], url_path="wait-department", permission_classes=[WORK])
    def wait_department(self, request, pk=None):
        """Wait on the responsible department: the SLA clocks run on."""
        data = _valid(s.TicketReasonSerializer(data=request.data))
        return self._act(lambda t: services.wait_for_department(actor=request.user, ticket=t, **data),
                         target=TicketStatus.WAITING_DEPARTMENT)

    @extend_schema(request=s.TicketReasonSerializer, responses={200: s.TicketSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[WORK])
    def resume(self, request, pk=None):
        """Back to work after waiting; a customer pause moves the deadlines."""
        data = _valid(s.TicketReasonSerializer(data=request.data))
        return self._act(lambda t: services.resume_ticket(actor=request.user, ticket=t, **data),
                         allowed=lambda user, t: t.status in WAITING)

    @extend_schema(request=s.TicketResolveSerializer, responses={200: s.TicketSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[WORK])
    def resolve(self, request, pk=None):
        """Resolve; a complaint needs its five clears (given here or recorded before)."""
        data = _valid(s.TicketResolveSerializer(data=request.data))
        return self._act(lambda t: services.resolve_ticket(actor=request.user, ticket=t, **data),
                         target=TicketStatus.RESOLVED)

    @extend_schema(request=s.TicketReopenSerializer, responses={200: s.TicketSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[WORK])
    def reopen(self, request, pk=None):
        """Reopen a resolved ticket (e.g. an unsatisfied customer): a new resolution clock starts."""
        data = _valid(s.TicketReopenSerializer(data=request.data))
        return self._act(lambda t: services.reopen_ticket(actor=request.user, ticket=t, **data),
                         target=TicketStatus.REOPENED)

    @extend_schema(request=s.TicketReasonSerializer, responses={200: s.TicketSerializer, **_ERRORS})
    @action(detail=True, methods=["post"], permission_classes=[WORK])
    def close(self, request, pk=None):
        """Close a resolved ticket."""
        data = _valid(s.TicketReasonSerializer(data=request.data))
        return self._act(lambda t: services.close_ticket(actor=request.user, ticket=t, **data),
                         target=TicketStatus.CLOSED)


def _not_now(ticket) -> str:
    return _("A ticket that is %(status)s does not allow this action.") % {"status": ticket.get_status_display()}


class TicketCategoryViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The problem-area tree; managers add, rename, move and deactivate categories."""

    permission_classes = [ModelPermissions]
    serializer_class = s.TicketCategorySerializer
    filterset_fields = ["parent", "is_active"]
    search_fields = ["name", "name_en"]
    ordering_fields = ["path", "name", "sort_order"]
    ordering = ["path"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.list_categories(active_only=False)

    @extend_schema(request=s.TicketCategoryWriteSerializer, responses={201: s.TicketCategorySerializer, **_ERRORS})
    def create(self, request, *args, **kwargs):
        data = _valid(s.TicketCategoryWriteSerializer(data=request.data))
        if "name" not in data:
            raise ValidationError({"name": [_("This field is required.")]})
        category = services.create_category(actor=request.user, **data)
        return Response(self.get_serializer(category).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.TicketCategoryWriteSerializer, responses={200: s.TicketCategorySerializer, **_ERRORS})
    def partial_update(self, request, *args, **kwargs):
        category = self.get_object()
        data = _valid(s.TicketCategoryWriteSerializer(data=request.data, partial=True))
        return Response(self.get_serializer(services.update_category(actor=request.user, category=category,
                                                                      **data)).data)


class _ConfigViewSet(viewsets.ModelViewSet):
    """Admin CRUD of a rule table through its service; deleting a row still in use answers 409."""

    permission_classes = [ModelPermissions]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    search_fields = ["name"]
    ordering_fields = ["position", "name"]
    ordering = ["position", "id"]

    def create(self, request, *args, **kwargs):
        data = _valid(self.write_serializer(data=request.data, context={"request": request}))
        if not data.get("name"):
            raise ValidationError({"name": [_("This field is required.")]})
        return Response(self.get_serializer(self.save(None, data)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        data = _valid(self.write_serializer(data=request.data, partial=True, context={"request": request}))
        return Response(self.get_serializer(self.save(instance, data)).data)

    def destroy(self, request, *args, **kwargs):
        try:
            services.delete_config(actor=request.user, obj=self.get_object())
        except ProtectedError as exc:
            raise Conflict(_("Still in use."), code="in_use") from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(request=s.SLAPolicyWriteSerializer, responses={200: s.SLAPolicySerializer, 201: s.SLAPolicySerializer})
class SLAPolicyViewSet(_ConfigViewSet):
    """SLA policies: conditions and time targets; the first active match by position wins."""

    serializer_class = s.SLAPolicySerializer
    write_serializer = s.SLAPolicyWriteSerializer
    filterset_fields = ["kind", "is_active", "is_default"]

    def get_queryset(self):
        return selectors.list_policies()

    def save(self, instance, data):
        return services.save_policy(actor=self.request.user, policy=instance, **data)


@extend_schema(request=s.RoutingRuleWriteSerializer,
               responses={200: s.RoutingRuleSerializer, 201: s.RoutingRuleSerializer})
class RoutingRuleViewSet(_ConfigViewSet):
    """Routing rules: conditions → a team's queue and how the team assigns; the first active match wins."""

    serializer_class = s.RoutingRuleSerializer
    write_serializer = s.RoutingRuleWriteSerializer
    filterset_fields = ["kind", "team", "is_active"]

    def get_queryset(self):
        return selectors.list_routing_rules()

    def save(self, instance, data):
        return services.save_routing_rule(actor=self.request.user, rule=instance, **data)
