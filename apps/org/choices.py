from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrgUnitKind(models.TextChoices):
    COMPANY = "company", _("Company")
    CENTER = "center", _("Center")
    DEPARTMENT = "department", _("Department")
    BRANCH = "branch", _("Branch company")
    OFFICE = "office", _("Manufacturer's office")
    ROOM = "room", _("Room")
    GROUP = "group", _("Group")
    TEAM = "team", _("Team")
    SERVICE_POINT = "service_point", _("Authorised service point")
    PARTNER = "partner", _("Partner company")


# Units that bound a "department" data scope: a user's department is the nearest such ancestor.
DEPARTMENT_LIKE = {OrgUnitKind.COMPANY, OrgUnitKind.CENTER, OrgUnitKind.DEPARTMENT, OrgUnitKind.BRANCH}


class EmployeeStatus(models.TextChoices):
    PROBATION = "probation", _("On probation")
    ACTIVE = "active", pgettext_lazy("employee status", "Active")
    LEFT = "left", _("Left")
