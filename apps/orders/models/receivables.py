"""The receivables ledger (应收账款): invoices and credit notes per customer, payments, and what settled what."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import ScopeFields

from ..choices import ARDocumentKind, CreditNoteKind, PaymentMethod
from .common import MONEY

# Receivables are placed where the customer archive is, and belong to its partner company.
_THROUGH_CUSTOMER = ScopeFields(owner="customer__owner", org_unit="customer__org_unit", region="customer__region",
                                partner="customer__partner_unit")


class ARDocument(TimeStampedModel):
    """An invoice (debit, from a shipment) or a credit note (return, rebate) on a customer's account."""

    number = models.CharField(_("number"), max_length=24, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ARDocumentKind.choices, db_index=True)
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="ar_documents")
    partner = models.ForeignKey("channels.Partner", verbose_name=_("partner"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="ar_documents")
    order = models.ForeignKey("orders.Order", verbose_name=_("order"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="ar_documents")
    source_id = models.PositiveBigIntegerField(_("source record"), null=True, blank=True,
                                               help_text=_("The shipment, return or rebate that posted it."))
    document_date = models.DateField(_("date"), db_index=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    open_amount = models.DecimalField(_("open amount"), **MONEY,
                                      help_text=_("Invoice: still unpaid. Credit note: not yet applied."))
    credit_kind = models.CharField(_("credit reason"), max_length=20, choices=CreditNoteKind.choices, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    history = track_history()

    data_scope = _THROUGH_CUSTOMER

    class Meta:
        ordering = ["-document_date", "-id"]
        verbose_name = _("receivables document")
        verbose_name_plural = _("receivables documents")
        indexes = [models.Index(fields=["customer", "kind", "document_date"]),
                   models.Index(fields=["kind", "due_date"])]
        permissions = [("view_receivables", _("Can see receivables and aging"))]

    def __str__(self):
        return self.number

    @property
    def signed_amount(self):
        """What it does to the balance the customer owes: invoices add, credit notes subtract."""
        return self.amount if self.kind == ARDocumentKind.INVOICE else -self.amount


class Payment(TimeStampedModel):
    """Money received from a customer (回款); allocated first-in-first-out to its open invoices."""

    number = models.CharField(_("number"), max_length=24, unique=True)
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="payments")
    partner = models.ForeignKey("channels.Partner", verbose_name=_("partner"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="payments")
    order = models.ForeignKey("orders.Order", verbose_name=_("prepaid order"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="payments",
                              help_text=_("A payment before delivery (款到发货) for this order."))
    amount = models.DecimalField(_("amount"), **MONEY)
    unallocated_amount = models.DecimalField(_("not yet allocated"), **MONEY)
    received_on = models.DateField(_("received on"), db_index=True)
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices,
                              default=PaymentMethod.BANK_TRANSFER)
    reference = models.CharField(_("reference"), max_length=100, blank=True,
                                 help_text=_("Bank slip or transaction number."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    history = track_history()

    data_scope = _THROUGH_CUSTOMER

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self):
        return self.number


class Allocation(models.Model):
    """Part of a payment or a credit note applied to an invoice."""

    invoice = models.ForeignKey(ARDocument, verbose_name=_("invoice"), on_delete=models.CASCADE,
                                related_name="allocations")
    payment = models.ForeignKey(Payment, verbose_name=_("payment"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="allocations")
    credit_note = models.ForeignKey(ARDocument, verbose_name=_("credit note"), null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="applications")
    amount = models.DecimalField(_("amount"), **MONEY)
    allocated_on = models.DateField(_("allocated on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    data_scope = ScopeFields(owner="invoice__customer__owner", org_unit="invoice__customer__org_unit",
                             region="invoice__customer__region", partner="invoice__customer__partner_unit")

    class Meta:
        ordering = ["allocated_on", "id"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [models.CheckConstraint(
            condition=models.Q(payment__isnull=False, credit_note__isnull=True)
            | models.Q(payment__isnull=True, credit_note__isnull=False),
            name="allocation_from_payment_or_credit_note")]

    def __str__(self):
        return f"{self.invoice_id} ← {self.amount}"
