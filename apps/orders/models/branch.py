"""A branch's daily purchase request (采购申请单) to head office and the delivery notes issued against it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import ScopeFields

from ..choices_fulfilment import BranchRequestStatus


class BranchPurchaseRequest(TimeStampedModel):
    """One working day's request of a branch: its customers' orders approved by the cut-off (default 14:00)."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    branch = models.ForeignKey("org.OrgUnit", verbose_name=_("branch"), on_delete=models.PROTECT,
                               related_name="+", limit_choices_to={"kind": "branch"})
    business_date = models.DateField(_("request date"), db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=BranchRequestStatus.choices,
                              default=BranchRequestStatus.OPEN, db_index=True)
    orders = models.ManyToManyField("orders.Order", verbose_name=_("orders"), through="BranchRequestOrder",
                                    related_name="+")
    total_amount = models.DecimalField(_("total"), max_digits=16, decimal_places=2, default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    master_note_number = models.CharField(_("master delivery note"), max_length=20, blank=True)
    master_issued_at = models.DateTimeField(_("master note issued at"), null=True, blank=True)
    master_issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("master note issued by"),
                                         null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    details_issued_at = models.DateTimeField(_("detail notes issued at"), null=True, blank=True)
    history = track_history()

    # A branch's requests belong to the branch: its people (region/department scope) and head office see them.
    data_scope = ScopeFields(org_unit="branch", region="branch__region")

    class Meta:
        ordering = ["-business_date", "branch__path", "-id"]
        verbose_name = _("branch purchase request")
        verbose_name_plural = _("branch purchase requests")
        constraints = [models.UniqueConstraint(fields=["branch", "business_date"], name="one_request_per_branch_day")]
        permissions = [("submit_branchpurchaserequest", _("Can submit a branch's purchase request")),
                       ("issue_master_note", _("Can issue master delivery notes (head office)")),
                       ("issue_detail_notes", _("Can issue detail delivery notes (branch)"))]

    def __str__(self):
        return self.number


class BranchRequestOrder(models.Model):
    """An order carried by a branch request; an order is carried by one request only."""

    request = models.ForeignKey(BranchPurchaseRequest, on_delete=models.CASCADE, related_name="entries")
    order = models.OneToOneField("orders.Order", verbose_name=_("order"), on_delete=models.PROTECT,
                                 related_name="branch_request_entry")
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["request", "order__number"]
        verbose_name = _("order of a branch request")
        verbose_name_plural = _("orders of branch requests")

    def __str__(self):
        return f"{self.request_id}: {self.order_id}"


class DetailDeliveryNote(models.Model):
    """The branch clerk's delivery note (明细发货单) for one customer of a request."""

    request = models.ForeignKey(BranchPurchaseRequest, verbose_name=_("request"), on_delete=models.CASCADE,
                                related_name="detail_notes")
    number = models.CharField(_("number"), max_length=20, unique=True)
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="+")
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2, default=0)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["request", "number"]
        verbose_name = _("detail delivery note")
        verbose_name_plural = _("detail delivery notes")
        constraints = [models.UniqueConstraint(fields=["request", "customer"], name="one_detail_note_per_customer")]

    def __str__(self):
        return self.number
