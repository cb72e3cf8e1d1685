"""Customer archive pages: the list (filters, sort, export), the customer 360 page, create/edit, phone reveal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.org import selectors as org_selectors
from core.exports import xlsx_response
from core.history import history_for
from core.money import format_cny
from core.parsing import parse_id
from core.phones import display_phone, mask_phone
from core.registry import record_panels_for

from .. import access, selectors, services
from ..choices import CustomerKind, CustomerSource, Grade
from ..forms import BLOCK_TITLES, AttachmentForm, ContactForm, CustomerForm
from ..models import Customer, Tag

PAGE_SIZE = 25


def require(check, user) -> None:
    if not check(user):
        raise PermissionDenied


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or the form when the field is not on it)."""
    for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def list_filters(request) -> dict:
    """The list page's filters from the query string, as list_customers_for keyword arguments."""
    params = request.GET
    return {
        "search": params.get("q", "").strip(), "kind": params.get("kind", ""), "grade": params.get("grade", ""),
        "region": parse_id(params.get("region")), "owner": parse_id(params.get("owner")),
        "source": params.get("source", ""), "tag": parse_id(params.get("tag")),
        "member": {"1": True, "0": False}.get(params.get("member", "")), "view": params.get("view", ""),
        "sort": params.get("sort", ""),
    }


def owners_of_customers(user):
    """Employees the user sees who own customers (the owner filter's choices)."""
    return org_selectors.list_employees_for(user).filter(user__customers__merged_into__isnull=True).distinct()


@login_required
def customer_list(request):
    require(access.can_view_customers, request.user)
    filters = list_filters(request)
    customers = selectors.list_page_for(request.user, **filters)
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page, "filters": filters, "kinds": CustomerKind.choices, "grades": Grade.choices,
        "sources": CustomerSource.choices, "regions": org_selectors.list_regions(), "tags": Tag.objects.all(),
        "owners": owners_of_customers(request.user),
        "can_create": access.can_create_customer(request.user), "can_export": access.can_export(request.user),
    }
    template = "customers/customer_list.html#table" if request.htmx and not request.htmx.boosted else (
        "customers/customer_list.html")
    return render(request, template, context)


def _export_headers() -> list[str]:
    return [_("ID"), _("Name"), _("Kind"), _("Grade"), _("Phone"), _("Province"), _("City"), _("District"),
            _("Address"), _("Region"), _("Owning rep"), _("Source"), _("Member"), _("Key account"), _("Industry"),
            _("Annual purchase"), _("Tags"), _("Primary contact"), _("Contact phone"), _("Last follow-up"),
            _("Created at")]


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None  # Excel has no time zones


def _export_row(customer: Customer, full: bool) -> list:
    contact = next((c for c in customer.contacts.all() if c.is_primary), None)
    owner = customer.owner
    return [
        customer.pk, customer.name, str(customer.get_kind_display()), customer.grade,
        display_phone(customer.phone, full=full), customer.province, customer.city, customer.district,
        customer.address, customer.region.display_name if customer.region else "",
        getattr(getattr(owner, "employee", None), "name", "") if owner else "",
        str(customer.get_source_display()), customer.is_member, customer.is_key_account, customer.industry,
        customer.annual_purchase, ", ".join(t.name for t in customer.tags.all()),
        contact.name if contact else "", display_phone(contact.phone, full=full) if contact else "",
        _local(customer.last_activity_at), _local(customer.created_at),
    ]


@login_required
def customer_export(request):
    """The filtered list as Excel: audited, phones masked unless the role may see them."""
    require(access.can_export, request.user)
    customers = selectors.list_customers_for(request.user, **list_filters(request)).prefetch_related("contacts")
    full = access.can_view_full_phone(request.user)
    rows = (_export_row(c, full) for c in customers.iterator(chunk_size=500))
    return xlsx_response(request, name=_("Customers"), headers=_export_headers(), rows=rows,
                         filename="customers")


def _display(customer: Customer, name: str) -> str:
    field = Customer._meta.get_field(name)
    value = getattr(customer, name)
    if value in (None, ""):
        return ""
    if field.choices:
        return str(getattr(customer, f"get_{name}_display")())
    if field.get_internal_type() == "DecimalField":
        return format_cny(value)
    if field.get_internal_type() == "DateField":
        return value.isoformat()
    return str(value)


def archive_blocks(customer: Customer) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The four archive blocks as (key, title, [(label, shown value)])."""
    return [(key, BLOCK_TITLES[key], [(capfirst(Customer._meta.get_field(n).verbose_name), _display(customer, n))
                                      for n in names])
            for key, names in services.ARCHIVE_BLOCKS.items()]


BUILT_IN_TABS = ["overview", "contacts", "attachments", "history"]


def _tab_context(request, customer: Customer, tab: str, panels) -> dict:
    user = request.user
    if tab == "contacts":
        contacts = list(customer.contacts.all())
        for contact in contacts:
            contact.masked_phone = mask_phone(contact.phone)
        return {"contacts": contacts, "contact_form": ContactForm(user=user),
                "can_add_contact": user.has_perm("customers.add_contact"),
                "can_change_contact": user.has_perm("customers.change_contact"),
                "can_delete_contact": user.has_perm("customers.delete_contact")}
    if tab == "attachments":
        return {"attachments": selectors.list_attachments(customer), "attachment_form": AttachmentForm()}
    if tab == "history":
        return {"history": history_for(customer)}
    panel = next((p for p in panels if p.key == tab), None)
    if panel is not None:
        return {"panel": panel, "panel_ctx": panel.context(request, customer)}
    return {"blocks": archive_blocks(customer), "primary": customer.contacts.filter(is_primary=True).first()}


@login_required
def customer_detail(request, pk):
    """The customer 360 page: header and key numbers, then one tab per concern (other apps add theirs)."""
    customer = selectors.get_customer_for(request.user, pk)
    customer.masked_phone = mask_phone(customer.phone)  # shown masked to all; permitted roles reveal (audited)
    panels = record_panels_for(selectors.RECORD_LABEL, request.user)
    tab = request.GET.get("tab", "overview")
    if tab not in BUILT_IN_TABS and tab not in {p.key for p in panels}:
        tab = "overview"
    context = {
        "customer": customer, "panels": panels, "tab": tab,
        "can_edit": access.can_edit_customer(request.user, customer),
        "can_merge": access.can_merge(request.user), "can_reveal": access.can_view_full_phone(request.user),
        "contact_count": customer.contacts.count(),
        **_tab_context(request, customer, tab, panels),
    }
    template = "customers/customer_detail.html#tab" if request.htmx else "customers/customer_detail.html"
    return render(request, template, context)


def _save_customer(request, form: CustomerForm, customer: Customer | None):
    """Call the service for a valid form; None when the service refused (errors are on the form)."""
    try:
        if customer is None:
            return services.create_customer(actor=request.user, **form.service_kwargs())
        return services.update_customer(actor=request.user, customer=customer, **form.service_kwargs())
    except services.DuplicateCustomer as exc:
        form.duplicate = exc.existing
        apply_errors(form, exc)
    except ValidationError as exc:
        apply_errors(form, exc)
    return None


def _form_page(request, form: CustomerForm, customer: Customer | None):
    duplicate = getattr(form, "duplicate", None)
    visible = duplicate is not None and access.customers_visible_to(request.user).filter(pk=duplicate.pk).exists()
    title = _("New customer") if customer is None else _("Edit %(name)s") % {"name": customer.name}
    return render(request, "customers/customer_form.html", {"form": form, "customer": customer, "title": title,
                                                            "duplicate": duplicate, "duplicate_visible": visible})


@login_required
def customer_create(request):
    require(access.can_create_customer, request.user)
    form = CustomerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        customer = _save_customer(request, form, None)
        if customer is not None:
            messages.success(request, _("Customer %(name)s created.") % {"name": customer.name})
            return redirect("customers:detail", pk=customer.pk)
    return _form_page(request, form, None)


@login_required
def customer_edit(request, pk):
    customer = selectors.get_customer_for(request.user, pk)
    require(lambda u: access.can_edit_customer(u, customer), request.user)
    form = CustomerForm(request.POST or None, user=request.user, customer=customer)
    if request.method == "POST" and form.is_valid() and _save_customer(request, form, customer) is not None:
        messages.success(request, _("Changes saved."))
        return redirect("customers:detail", pk=customer.pk)
    return _form_page(request, form, customer)


@login_required
def divisions(request):
    """HTMX: the province → city → district selects again, with the choices under what is picked."""
    initial = {name: request.GET.get(name, "") for name in ("province_code", "city_code", "district_code")}
    form = CustomerForm(user=request.user, initial=initial)
    return render(request, "customers/customer_form.html#address", {"form": form})


@login_required
@require_POST
def reveal_phone(request, pk):
    """HTMX: the full number in place of the masked one, for roles allowed to see it; the reveal is audited."""
    customer = selectors.get_customer_for(request.user, pk)
    contact_id = request.POST.get("contact", "")
    contact = selectors.get_contact(customer, contact_id) if contact_id else None
    phone = services.reveal_phone(actor=request.user, customer=customer, contact=contact, request=request)
    return HttpResponse(format_html('<span class="mc-num" data-revealed="1">{}</span>', phone))
