from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import ScopeFields

from ..choices import StatementLineKind, StatementStatus
from .common import MONEY

_THROUGH_CUSTOMER = ScopeFields(owner="customer__owner", org_unit="customer__org_unit", region="customer__region",
                                partner="customer__partner_unit")


class Statement(TimeStampedModel):
    """A monthly statement of account (对账单) for one customer or partner and one period up to the cut-off day,
    which the counterparty confirms or disputes."""

    number = models.CharField(_("number"), max_length=30, unique=True)
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="statements")
    partner = models.ForeignKey("channels.Partner", verbose_name=_("partner"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("cut-off"), db_index=True)
    opening_balance = models.DecimalField(_("opening balance"), default=0, **MONEY)
    shipments = models.DecimalField(_("shipments"), default=0, **MONEY)
    returns = models.DecimalField(_("returns"), default=0, **MONEY)
    payments = models.DecimalField(_("payments"), default=0, **MONEY)
    rebates = models.DecimalField(_("rebates"), default=0, **MONEY)
    other = models.DecimalField(_("other adjustments"), default=0, **MONEY)
    closing_balance = models.DecimalField(_("closing balance"), default=0, **MONEY)
    status = models.CharField(_("status"), max_length=20, choices=StatementStatus.choices,
                              default=StatementStatus.ISSUED, db_index=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    confirm_by = models.DateField(_("confirm by"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    disputed_at = models.DateTimeField(_("disputed at"), null=True, blank=True)
    disputed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("disputed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    dispute_reason = models.TextField(_("dispute reason"), blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    resolution = models.TextField(_("resolution"), blank=True)
    history = track_history()

    data_scope = _THROUGH_CUSTOMER

    class Meta:
        ordering = ["-period_end", "customer_id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [models.UniqueConstraint(fields=["customer", "period_end"], name="one_statement_per_period")]
        permissions = [("confirm_statement", _("Can confirm or dispute statements (the counterparty)")),
                       ("resolve_statement", _("Can resolve statement disputes (sales admin)")),
                       ("generate_statement", _("Can generate statements")),
                       ("view_all_statements", _("Can see every statement"))]

    def __str__(self):
        return self.number


class StatementLine(models.Model):
    """One ledger document of the period as it stood when the statement was made (a snapshot)."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(_("line"))
    on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=StatementLineKind.choices)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    debit = models.DecimalField(_("debit"), default=0, **MONEY)
    credit = models.DecimalField(pgettext_lazy("ledger column", "credit"), default=0, **MONEY)
    balance = models.DecimalField(_("balance"), default=0, **MONEY)
    document_id = models.PositiveBigIntegerField(_("ledger document"), null=True, blank=True)

    class Meta:
        ordering = ["statement", "position"]
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")

    def __str__(self):
        return f"{self.statement_id}/{self.position}"
