from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrderStatus(models.TextChoices):
    """The order's life (domain.md §6); workflow.TRANSITIONS says which move is allowed from where."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("status", "Submitted")
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

    CREDIT = "credit", pgettext_lazy("hold kind", "Credit")
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


# -- sales plans, statements, rebates, returns (O3) ---------------------------------------------------------------


class PlanPeriod(models.TextChoices):
    MONTH = "month", pgettext_lazy("plan period", "Month")
    QUARTER = "quarter", pgettext_lazy("plan period", "Quarter")
    YEAR = "year", pgettext_lazy("plan period", "Year")


class PlanStatus(models.TextChoices):
    """A plan's approval: the branch's market plans go to the branch GM, then are consolidated to head office."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("status", "Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CONSOLIDATED = "consolidated", _("Consolidated to head office")


class StatementStatus(models.TextChoices):
    ISSUED = "issued", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPUTED = "disputed", _("Disputed")
    RESOLVED = "resolved", _("Dispute resolved")


class StatementLineKind(models.TextChoices):
    SHIPMENT = "shipment", _("Shipment")
    RETURN = "return", _("Return")
    PAYMENT = "payment", _("Payment")
    REBATE = "rebate", _("Rebate")
    OTHER = "other", _("Other")


class RebateStatus(models.TextChoices):
    ACCRUING = "accruing", _("Accruing")
    SETTLED = "settled", _("Settled")


class ReturnKind(models.TextChoices):
    EXCHANGE = "exchange", _("Exchange")
    RETURN = "return", _("Return")


class ReturnReason(models.TextChoices):
    QUALITY = "quality", pgettext_lazy("return reason", "Quality")
    COLOUR = "colour", _("Colour")
    MODEL_UNSUITABLE = "model_unsuitable", _("Model does not sell")
    OVERSTOCK = "overstock", _("Unsold stock")
    OTHER = "other", _("Other")


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("status", "Requested")
    INSPECTED = "inspected", _("Inspected")
    APPROVED = "approved", _("Approved and credited")
    REJECTED = "rejected", _("Rejected")


class ReturnOutcome(models.TextChoices):
    """What the return rule (domain.md §4) decides for a line."""

    FULL = "full", _("Full credit (beyond quota)")
    DISCOUNTED = "discounted", _("Discounted credit (within quota)")
    REJECTED = "rejected", _("Rejected")


class ARDocumentKind(models.TextChoices):
    """What a receivables document is (应收台账): a debit (invoice) or a credit (credit note)."""

    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class CreditNoteKind(models.TextChoices):
    """Why a credit note was issued."""

    RETURN = "return", _("Return")
    REBATE = "rebate", _("Rebate")
    OTHER = "other", _("Other")


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    ACCEPTANCE_BILL = "acceptance_bill", _("Bank acceptance bill")
    CASH = "cash", _("Cash")
    CHEQUE = "cheque", _("Cheque")
    ONLINE = "online", _("Online payment")
    OTHER = "other", _("Other")
