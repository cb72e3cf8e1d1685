"""Choices of the fulfilment area: shipments, their follow-up and exceptions, branch requests, 窜货 flags."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ShipmentStatus(models.TextChoices):
    """A shipment's life (发货单); workflow_shipments.TRANSITIONS says which move is allowed from where."""

    DRAFT = "draft", _("Being picked")
    DISPATCHED = "dispatched", pgettext_lazy("status", "Dispatched")
    SIGNED = "signed", _("Signed")
    RECEIPT_RETURNED = "receipt_returned", _("Receipt returned")
    CANCELLED = "cancelled", _("Cancelled")


class ExceptionKind(models.TextChoices):
    """What went wrong in transit (运输异常)."""

    DELAY = "delay", _("Delay")
    SHORTAGE = "shortage", _("Shortage")
    DAMAGE = "damage", _("Damage")
    LOSS = "loss", _("Loss")


class ExceptionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HANDLING = "handling", _("Being handled")
    CLOSED = "closed", _("Closed")


class ClaimStatus(models.TextChoices):
    """A claim against the carrier (向承运商索赔)."""

    NONE = "none", _("No claim")
    CLAIMED = "claimed", _("Claimed")
    SETTLED = "settled", _("Settled")
    REJECTED = "rejected", _("Rejected by the carrier")


class BranchRequestStatus(models.TextChoices):
    """A branch's daily purchase request (采购申请单) to head office."""

    OPEN = "open", _("Collecting orders")
    SUBMITTED = "submitted", _("Submitted to head office")
    MASTER_ISSUED = "master_issued", _("Master delivery note issued")
    DETAILS_ISSUED = "details_issued", _("Detail delivery notes issued")


class FlagSource(models.TextChoices):
    """Where a suspected cross-territory sale (窜货) was seen."""

    ORDER_SUBMITTED = "order_submitted", _("Order submitted")
    SHIPMENT_DISPATCHED = "shipment_dispatched", _("Shipment dispatched")
    SERIAL_REGISTERED = "serial_registered", _("Serial number registered")
    SERVICE_REQUEST = "service_request", _("Service request")


class FlagOutcome(models.TextChoices):
    """The reviewer's decision on a 窜货 flag."""

    ALLOWED = "allowed", _("Allowed")
    WARNED = "warned", _("Warned")
    PENALISED = "penalised", _("Penalised")
