from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.models.base import track_history
from core.scopes import DataScope, ScopeFields

from .choices import EmployeeStatus, OrgUnitKind


class BilingualName(models.Model):
    """A record named in Chinese (shown by default) and English."""

    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") and self.name_en else self.name


class Region(BilingualName, TimeStampedModel):
    """A sales region (e.g. 华北/北京): the provinces and cities it covers, used for territories and scopes."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    provinces = models.JSONField(_("provinces"), default=list, blank=True, help_text=_("Province names"))
    cities = models.JSONField(_("cities"), default=list, blank=True, help_text=_("City names"))
    history = track_history()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class OrgUnit(BilingualName, TimeStampedModel):
    """A node of the organisation tree: company, center, department, branch, room, group, team or partner."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path "/1/4/9/" so a subtree is one indexed prefix query on every database.
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False, default="")
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("head"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="headed_units",
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    history = track_history()

    class Meta:
        ordering = ["path", "sort_order"]
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)


class Position(BilingualName, TimeStampedModel):
    """A job title (岗位), e.g. 客服专员."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    history = track_history()

    class Meta:
        ordering = ["code"]
        verbose_name = pgettext_lazy("job position", "position")
        verbose_name_plural = _("positions")


class Role(BilingualName, TimeStampedModel):
    """A role (Django group) with a stable code, bilingual name and the data scope it grants."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    group = models.OneToOneField("auth.Group", verbose_name=_("group"), on_delete=models.CASCADE, related_name="role")
    data_scope = models.CharField(_("data scope"), max_length=20, choices=DataScope.choices, default=DataScope.OWN)
    description = models.TextField(_("description"), blank=True)
    history = track_history()

    class Meta:
        ordering = ["code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")


class Employee(TimeStampedModel):
    """A person who logs in: staff of the company, or a partner user (org unit of kind partner)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT,
                                related_name="employee")
    employee_no = models.CharField(_("employee number"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=60, db_index=True)
    org_unit = models.ForeignKey(OrgUnit, verbose_name=_("org unit"), on_delete=models.PROTECT,
                                 related_name="employees")
    position = models.ForeignKey(Position, verbose_name=pgettext_lazy("job position", "position"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="employees")
    manager = models.ForeignKey("self", verbose_name=_("manager"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="reports")
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    level = models.CharField(_("level"), max_length=20, blank=True, help_text=_("Job grade (职级), e.g. P3"))
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=EmployeeStatus.choices,
                              default=EmployeeStatus.PROBATION, db_index=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    data_scope_override = models.CharField(
        _("data-scope override"), max_length=20, choices=DataScope.choices, blank=True,
        help_text=_("Replaces the scope the roles give; every change is audited."),
    )
    history = track_history()

    data_scope = ScopeFields(owner="user", org_unit="org_unit", region="org_unit__region", partner="org_unit")

    class Meta:
        ordering = ["employee_no"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        permissions = [
            ("view_full_phone", _("Can see full phone numbers")),
            ("manage_org", _("Can manage org units, roles and employees")),
        ]

    def __str__(self):
        return f"{self.name} ({self.employee_no})"
