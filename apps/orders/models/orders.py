from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import ScopeFields

from ..choices import DeliveryRule, HoldKind, OrderChannel, OrderStatus, PaymentMode, PriceExceptionStatus
from .common import MONEY, QTY


class Order(TimeStampedModel):
    """A customer's or partner's order (订单): lines at resolved prices, from draft to settled."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    customer = models.ForeignKey("customers.Customer", verbose_name=_("customer"), on_delete=models.PROTECT,
                                 related_name="orders")
    partner = models.ForeignKey("channels.Partner", verbose_name=_("partner"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="orders",
                                help_text=_("Set when the customer is an authorised channel partner."))
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT,
                              db_index=True)
    hold_kind = models.CharField(_("hold kind"), max_length=20, choices=HoldKind.choices, blank=True)
    hold_reason = models.CharField(_("hold reason"), max_length=300, blank=True)
    channel = models.CharField(_("order channel"), max_length=20, choices=OrderChannel.choices,
                               default=OrderChannel.REP)
    payment_mode = models.CharField(_("payment mode"), max_length=20, choices=PaymentMode.choices,
                                    default=PaymentMode.PREPAYMENT)
    price_tier = models.CharField(_("price tier"), max_length=30, blank=True)
    customer_grade = models.CharField(_("customer grade"), max_length=1, blank=True)
    price_date = models.DateField(_("price date"), default=timezone.localdate)
    # Ship-to (收货地址): GB/T 2260 codes plus names, as on the customer archive.
    ship_to_province_code = models.CharField(_("ship-to province code"), max_length=6, blank=True, db_index=True)
    ship_to_province = models.CharField(_("ship-to province"), max_length=30, blank=True)
    ship_to_city_code = models.CharField(_("ship-to city code"), max_length=6, blank=True, db_index=True)
    ship_to_city = models.CharField(_("ship-to city"), max_length=30, blank=True)
    ship_to_district_code = models.CharField(_("ship-to district code"), max_length=6, blank=True)
    ship_to_district = models.CharField(_("ship-to district"), max_length=30, blank=True)
    ship_to_address = models.CharField(_("ship-to address"), max_length=200, blank=True)
    receiver_name = models.CharField(_("receiver"), max_length=60, blank=True)
    receiver_phone = models.CharField(_("receiver phone"), max_length=20, blank=True)
    requested_date = models.DateField(_("requested delivery date"), null=True, blank=True)
    delivery_rule = models.CharField(_("delivery rule"), max_length=20, choices=DeliveryRule.choices, blank=True)
    promised_date = models.DateField(_("promised ship-by date"), null=True, blank=True)
    delivery_note = models.CharField(_("delivery promise"), max_length=300, blank=True)
    warehouse = models.ForeignKey("catalog.Warehouse", verbose_name=_("ships from"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    total_amount = models.DecimalField(_("total"), default=0, **MONEY)
    paid_amount = models.DecimalField(_("paid"), default=0, **MONEY)
    notes = models.TextField(_("notes"), blank=True)
    # Placement for data scopes, copied from the customer when the order is created.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sales rep"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    org_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("org unit"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    region = models.ForeignKey("org.Region", verbose_name=_("region"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    partner_unit = models.ForeignKey("org.OrgUnit", verbose_name=_("partner company"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    credit_override_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("credit exception approved by"),
                                           null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    credit_override_reason = models.CharField(_("credit exception reason"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancel reason"), max_length=300, blank=True)
    history = track_history()

    data_scope = ScopeFields(owner="owner", org_unit="org_unit", region="region", partner="partner_unit")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["customer", "status"]), models.Index(fields=["partner", "status"])]
        permissions = [("approve_order", _("Can approve orders")),
                       ("approve_credit_exception", _("Can approve credit exceptions")),
                       ("approve_price_exception", _("Can approve prices below the floor")),
                       ("view_all_orders", _("Can see every order")),
                       ("view_fulfilment_orders", _("Can see orders to ship (warehouse)")),
                       ("set_order_price", _("Can set a line price other than the resolved one")),
                       ("export_order", _("Can export orders"))]

    def __str__(self):
        return self.number


class OrderLine(models.Model):
    """One product on an order at the price resolved for it, with what has shipped and come back."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("line"), default=1)
    product = models.ForeignKey("catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT,
                                related_name="+")
    quantity = models.DecimalField(_("quantity"), validators=[MinValueValidator(0)], **QTY)
    list_price = models.DecimalField(_("tier price"), default=0, **MONEY)
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    floor_price = models.DecimalField(_("floor price"), null=True, blank=True, **MONEY)
    below_floor = models.BooleanField(_("below the floor"), default=False)
    price_explanation = models.JSONField(_("price explanation"), default=list, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    shipped_quantity = models.DecimalField(_("shipped"), default=0, **QTY)
    returned_quantity = models.DecimalField(_("returned"), default=0, **QTY)
    reserved_quantity = models.DecimalField(_("reserved"), default=0, **QTY)
    history = track_history()

    data_scope = ScopeFields(owner="order__owner", org_unit="order__org_unit", region="order__region",
                             partner="order__partner_unit")

    class Meta:
        ordering = ["order", "position", "id"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self):
        return f"{self.order.number}/{self.position}"


class OrderEvent(models.Model):
    """One recorded step of an order: a status change or a decision, with who, when and why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=20, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=OrderStatus.choices, blank=True)
    kind = models.CharField(_("what"), max_length=40, default="status")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        verbose_name = _("order event")
        verbose_name_plural = _("order events")

    def __str__(self):
        return f"{self.order_id}: {self.from_status} → {self.to_status}"


class PriceException(TimeStampedModel):
    """A request to sell a line below the minimum market price (市场最低折扣价); the order waits for it."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE,
                              related_name="price_exceptions")
    line = models.ForeignKey(OrderLine, verbose_name=_("line"), on_delete=models.CASCADE, related_name="+")
    requested_price = models.DecimalField(_("requested price"), **MONEY)
    floor_price = models.DecimalField(_("floor price"), **MONEY)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PriceExceptionStatus.choices,
                              default=PriceExceptionStatus.PENDING, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    history = track_history()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("price exception")
        verbose_name_plural = _("price exceptions")
