from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.phones import normalize_phone
from core.scopes import DataScope

from . import access
from .choices import EmployeeStatus, OrgUnitKind
from .models import Employee, OrgUnit, Position, Region, Role


class _EmployeeFields(forms.Form):
    """Fields in the order HR fills a paper form: who, where, reporting line, contact, then roles."""

    name = forms.CharField(label=_("Name"), max_length=60)
    org_unit = forms.ModelChoiceField(label=_("Org unit"), queryset=OrgUnit.objects.none())
    position = forms.ModelChoiceField(label=_("Position"), queryset=Position.objects.all(), required=False)
    manager = forms.ModelChoiceField(label=_("Manager"), queryset=Employee.objects.none(), required=False)
    level = forms.CharField(label=_("Level"), max_length=20, required=False)
    hire_date = forms.DateField(label=_("Hire date"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    roles = forms.ModelMultipleChoiceField(label=_("Roles"), queryset=Role.objects.all(), required=False,
                                           to_field_name="code", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = access.org_units_visible_to(user).filter(is_active=True)
        self.fields["manager"].queryset = access.employees_visible_to(user).exclude(status=EmployeeStatus.LEFT)

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_roles(self):
        return [role.code for role in self.cleaned_data["roles"]]


class EmployeeCreateForm(_EmployeeFields):
    username = forms.RegexField(label=_("Username"), regex=r"^[\w.@+-]+$", max_length=150,
                                help_text=_("Letters, digits and @/./+/-/_ only."))
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput(render_value=False))
    field_order = ["username", "name", "password"]


class EmployeeEditForm(_EmployeeFields):
    pass


class OrgUnitForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    name = forms.CharField(label=_("Name"), max_length=100)
    name_en = forms.CharField(label=_("English name"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrgUnitKind.choices)
    parent = forms.ModelChoiceField(label=_("Parent unit"), queryset=OrgUnit.objects.all(), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, initial=0)

    def __init__(self, *args, instance: OrgUnit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is not None:
            self.fields["parent"].queryset = OrgUnit.objects.exclude(path__startswith=instance.path)

    def clean_code(self):
        code = self.cleaned_data["code"]
        clash = OrgUnit.objects.filter(code=code)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("Another unit already uses this code."))
        return code


class RoleForm(forms.Form):
    name = forms.CharField(label=_("Chinese name"), max_length=100)
    name_en = forms.CharField(label=_("English name"), max_length=100)
    data_scope = forms.ChoiceField(label=_("Data scope"), choices=DataScope.choices)
    permissions = forms.ModelMultipleChoiceField(
        label=_("Permissions"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=None,
    )

    def __init__(self, *args, permission_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permissions"].queryset = permission_queryset


class OffboardForm(forms.Form):
    left_on = forms.DateField(label=_("Last working day"),
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class ScopeOverrideForm(forms.Form):
    scope = forms.ChoiceField(label=_("Data scope"), choices=[("", _("As the roles give")), *DataScope.choices],
                              required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500)
