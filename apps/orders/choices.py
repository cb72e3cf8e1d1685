from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    """The order's life (domain.md §6); workflow.TRANSITIONS says which move is allowed from where."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ON_HOLD = "on_hold", _("On hold")
    APPROVED = "approved", _("Approved")
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    READY_TO_SHIP = "ready_to_ship", _("Ready to ship")
    PARTIALLY_SHIPPED = "partially_shipped", _("Partially shipped")
    SHIPPED = "shipped", _("Shipped")
    SIGNED = "signed", _("Signed")
    RECEIPT_RETURNED = "receipt_returned", _("Receipt returned")
    SETTLED = "settled", _("Settled")
    CANCELLED = "cancelled", _("Cancelled")


class HoldKind(models.TextChoices):
    """Why an order waits before approval."""

    CREDIT = "credit", _("Credit")
    PRICE = "price", _("Price below floor")
    OVERDUE = "overdue", _("Overdue receivables")


class PaymentMode(models.TextChoices):
    PREPAYMENT = "prepayment", _("Payment before delivery (款到发货)")
    CREDIT = "credit", _("On credit")


class OrderChannel(models.TextChoices):
    REP = "rep", _("Sales rep")
    PHONE = "phone", _("Phone")
    FAX = "fax", _("Fax")
    IM = "im", _("QQ / WeChat")
    PORTAL = "portal", _("Partner portal")
    ECOMMERCE = "ecommerce", _("E-commerce")


class DeliveryRule(models.TextChoices):
    """Which delivery promise applies (domain.md §4 交货与运输)."""

    WITHIN_QUOTA = "within_quota", _("Within quota")
    BEYOND_QUOTA = "beyond_quota", _("Beyond quota")


class PriceExceptionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
