"""The service desk's admin-edited configuration: categories, SLA policies, routing rules; plus small helpers."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history

from ..choices import AssignmentMode, ComplaintType, TargetUnit, TicketKind, TicketPriority

GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]


class TicketCategory(TimeStampedModel):
    """A node of the problem-area tree (platform/software, equipment/product, service, other…)."""

    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    parent = models.ForeignKey("self", verbose_name=_("parent category"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    # Materialised path "/1/4/" so a rule on a category also matches its sub-categories with one prefix test.
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False, default="")
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = track_history()

    class Meta:
        ordering = ["path", "sort_order"]
        verbose_name = _("ticket category")
        verbose_name_plural = _("ticket categories")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") and self.name_en else self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)


class SLAPolicy(TimeStampedModel):
    """Time targets for tickets matching its conditions (blank = any); the first active match by position wins."""

    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=100, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_default = models.BooleanField(_("default policy"), default=False,
                                     help_text=_("Used when no other policy matches."))
    kind = models.CharField(_("ticket kind"), max_length=20, choices=TicketKind.choices, blank=True)
    complaint_type = models.CharField(_("complaint type"), max_length=20, choices=ComplaintType.choices, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=TicketPriority.choices, blank=True)
    is_major = models.BooleanField(_("major"), null=True, blank=True, help_text=_("Empty matches both."))
    customer_grade = models.CharField(_("customer grade"), max_length=1, choices=GRADES, blank=True)
    first_response_target = models.DecimalField(_("first response within"), max_digits=7, decimal_places=2,
                                                null=True, blank=True)
    first_response_unit = models.CharField(_("unit"), max_length=20, choices=TargetUnit.choices,
                                           default=TargetUnit.HOURS)
    resolution_target = models.DecimalField(_("resolution within"), max_digits=7, decimal_places=2, null=True,
                                            blank=True)
    resolution_unit = models.CharField(_("unit"), max_length=20, choices=TargetUnit.choices,
                                       default=TargetUnit.WORKING_DAYS)
    return_visit_target = models.DecimalField(_("return visit within"), max_digits=7, decimal_places=2, null=True,
                                              blank=True, help_text=_("Counted from resolution; empty: no visit."))
    return_visit_unit = models.CharField(_("unit"), max_length=20, choices=TargetUnit.choices,
                                         default=TargetUnit.DAYS)
    calendar = models.ForeignKey("core.WorkCalendar", verbose_name=_("working calendar"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+",
                                 help_text=_("Empty: the default calendar."))
    history = track_history()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True),
                                               name="one_default_sla_policy")]

    def __str__(self):
        return self.name


class RoutingRule(TimeStampedModel):
    """Where a new ticket goes: conditions (blank = any) → a team's queue; the first active match wins."""

    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=100, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    kind = models.CharField(_("ticket kind"), max_length=20, choices=TicketKind.choices, blank=True)
    category = models.ForeignKey(TicketCategory, verbose_name=_("category (and its sub-categories)"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    product = models.CharField(_("product contains"), max_length=100, blank=True)
    region = models.ForeignKey("org.Region", verbose_name=_("region"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    customer_grade = models.CharField(_("customer grade"), max_length=1, choices=GRADES, blank=True)
    team = models.ForeignKey("org.OrgUnit", verbose_name=_("team (queue)"), on_delete=models.PROTECT,
                             related_name="+")
    department = models.ForeignKey("org.OrgUnit", verbose_name=_("responsible department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    assignment = models.CharField(_("assignment in the team"), max_length=20, choices=AssignmentMode.choices,
                                  default=AssignmentMode.QUEUE)
    history = track_history()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self):
        return self.name


class RoundRobinCursor(models.Model):
    """Who in a team got the last round-robin ticket, so the next goes to the following agent."""

    team = models.OneToOneField("org.OrgUnit", on_delete=models.CASCADE, related_name="+")
    last_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("round-robin cursor")
        verbose_name_plural = _("round-robin cursors")

    def __str__(self):
        return f"{self.team_id} → {self.last_user_id}"


class TicketTag(models.Model):
    """A free label on tickets (e.g. 批量问题, 媒体)."""

    name = models.CharField(_("name"), max_length=30, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ticket tag")
        verbose_name_plural = _("ticket tags")

    def __str__(self):
        return self.name


class SavedView(models.Model):
    """A user's named inbox filter (the query string of the inbox)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ticket_views")
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("filters"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved inbox view")
        verbose_name_plural = _("saved inbox views")
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="one_saved_view_name_per_user")]

    def __str__(self):
        return self.name
