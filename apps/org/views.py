"""Organisation pages: org chart, employees, roles and units. Writes go through services."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import xlsx_response
from core.history import history_for
from core.parsing import parse_id
from core.phones import display_phone

from . import access, selectors, services
from .choices import EmployeeStatus
from .forms import EmployeeCreateForm, EmployeeEditForm, OffboardForm, OrgUnitForm, RoleForm, ScopeOverrideForm


def _require(check, user):
    if not check(user):
        raise PermissionDenied


def _apply_errors(form, exc: ValidationError):
    for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@login_required
def org_chart(request):
    _require(access.can_view_org, request.user)
    return render(request, "org/chart.html", {"tree": selectors.org_tree_for(request.user),
                                              "can_manage": access.can_manage_org(request.user)})


def _employee_filters(request):
    unit_id = parse_id(request.GET.get("unit"))
    unit = selectors.get_org_unit_for(request.user, unit_id) if unit_id else None
    return {
        "search": request.GET.get("q", "").strip(),
        "org_unit": unit,
        "status": request.GET.get("status", ""),
        "role": request.GET.get("role", ""),
    }


@login_required
def employee_list(request):
    _require(access.can_view_employees, request.user)
    filters = _employee_filters(request)
    employees = selectors.list_employees_for(request.user, **filters)
    page = Paginator(employees, 25).get_page(request.GET.get("page"))
    context = {
        "page": page, "filters": filters, "units": selectors.list_org_units_for(request.user),
        "statuses": EmployeeStatus.choices, "roles": selectors.list_roles(),
        "can_manage": access.can_manage_org(request.user),
        "full_phone": access.can_view_full_phone(request.user),
    }
    template = "org/employee_list.html#table" if request.htmx and not request.htmx.boosted else "org/employee_list.html"
    return render(request, template, context)


@login_required
def employee_export(request):
    _require(access.can_view_employees, request.user)
    employees = selectors.list_employees_for(request.user, **_employee_filters(request))
    full = access.can_view_full_phone(request.user)
    rows = (
        [e.employee_no, e.name, e.user.username, e.org_unit.display_name,
         e.position.display_name if e.position else "", e.manager.name if e.manager else "",
         display_phone(e.phone, full=full), e.level, e.hire_date, str(e.get_status_display())]
        for e in employees.iterator(chunk_size=500)
    )
    headers = [_("Employee number"), _("Name"), _("Username"), _("Org unit"), _("Position"), _("Manager"),
               _("Phone"), _("Level"), _("Hire date"), _("Status")]
    return xlsx_response(request, name=_("Employees"), headers=headers, rows=rows, filename="employees")


@login_required
def employee_detail(request, pk):
    employee = selectors.get_employee_for(request.user, pk)
    context = {
        "employee": employee, "roles": selectors.roles_of(employee.user),
        "reports": selectors.list_employees_for(request.user).filter(manager=employee),
        "history": history_for(employee), "can_manage": access.can_manage_org(request.user),
        "offboard_form": OffboardForm(), "scope_form": ScopeOverrideForm(),
        "tab": request.GET.get("tab", "overview"),
    }
    return render(request, "org/employee_detail.html", context)


@login_required
def employee_create(request):
    _require(access.can_manage_org, request.user)
    form = EmployeeCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            employee = services.create_employee(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Employee %(name)s created.") % {"name": employee.name})
            return redirect("org:employee-detail", pk=employee.pk)
    return render(request, "org/employee_form.html", {"form": form, "title": _("New employee")})


@login_required
def employee_edit(request, pk):
    _require(access.can_manage_org, request.user)
    employee = selectors.get_employee_for(request.user, pk)
    initial = {"name": employee.name, "org_unit": employee.org_unit, "position": employee.position,
               "manager": employee.manager, "level": employee.level, "hire_date": employee.hire_date,
               "phone": employee.phone, "email": employee.user.email,
               "roles": [r.code for r in selectors.roles_of(employee.user)]}
    form = EmployeeEditForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_employee(actor=request.user, employee=employee, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("org:employee-detail", pk=employee.pk)
    return render(request, "org/employee_form.html",
                  {"form": form, "title": _("Edit %(name)s") % {"name": employee.name}, "employee": employee})


@login_required
@require_POST
def employee_action(request, pk, action):
    """confirm (转正), offboard (离职) or scope override, from the detail page."""
    _require(access.can_manage_org, request.user)
    employee = selectors.get_employee_for(request.user, pk)
    try:
        if action == "confirm":
            services.confirm_employee(actor=request.user, employee=employee)
            messages.success(request, _("Probation ended."))
        elif action == "offboard":
            form = OffboardForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Enter the last working day."))
            services.offboard_employee(actor=request.user, employee=employee, left_on=form.cleaned_data["left_on"])
            messages.success(request, _("%(name)s has left; the login is deactivated.") % {"name": employee.name})
        elif action == "scope":
            form = ScopeOverrideForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give a reason for the data-scope override."))
            services.set_scope_override(actor=request.user, employee=employee, **form.cleaned_data)
            messages.success(request, _("Data scope updated."))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("org:employee-detail", pk=employee.pk)


@login_required
def role_list(request):
    _require(lambda u: u.has_perm("org.view_role"), request.user)
    return render(request, "org/role_list.html", {"roles": selectors.list_roles(),
                                                  "can_manage": access.can_manage_org(request.user)})


def _role_permission_queryset():
    """Rights of the business apps (core and apps.*), not Django's own plumbing."""
    labels = [c.label for c in apps.get_app_configs() if c.name == "core" or c.name.startswith("apps.")]
    return (Permission.objects.filter(content_type__app_label__in=labels)
            .exclude(content_type__model__startswith="historical").select_related("content_type")
            .order_by("content_type__app_label", "content_type__model", "codename"))


@login_required
def role_edit(request, code):
    _require(access.can_manage_org, request.user)
    role = selectors.get_role(code)
    form = RoleForm(
        request.POST or None, permission_queryset=_role_permission_queryset(),
        initial={"name": role.name, "name_en": role.name_en, "data_scope": role.data_scope,
                 "permissions": list(role.group.permissions.all())},
    )
    if request.method == "POST" and form.is_valid():
        services.update_role(actor=request.user, role=role, **form.cleaned_data)
        messages.success(request, _("Role %(name)s saved.") % {"name": role.display_name})
        return redirect("org:roles")
    return render(request, "org/role_form.html", {"form": form, "role": role,
                                                  "history": history_for(role)})


@login_required
def unit_form(request, pk=None):
    _require(access.can_manage_org, request.user)
    unit = selectors.get_org_unit_for(request.user, pk) if pk else None
    initial = {} if unit is None else {
        "code": unit.code, "name": unit.name, "name_en": unit.name_en, "kind": unit.kind, "parent": unit.parent,
        "region": unit.region, "sort_order": unit.sort_order}
    if unit is None and parse_id(request.GET.get("parent")):
        initial["parent"] = parse_id(request.GET.get("parent"))
    form = OrgUnitForm(request.POST or None, instance=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if unit is None:
                services.create_org_unit(actor=request.user, **form.cleaned_data)
            else:
                services.update_org_unit(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Org unit saved."))
            return redirect("org:chart")
    return render(request, "org/unit_form.html", {"form": form, "unit": unit,
                                                  "history": history_for(unit) if unit else []})
