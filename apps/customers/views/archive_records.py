"""What hangs off a customer page: contacts, attached files and the "find duplicates" check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import record_event
from core.models.audit import AuditAction

from .. import access, selectors, services
from ..forms import AttachmentForm, ContactForm
from .archive import apply_errors, require


def _tab_url(customer, tab: str) -> str:
    return reverse("customers:detail", args=[customer.pk]) + f"?tab={tab}"


@login_required
@require_POST
def contact_create(request, pk):
    customer = selectors.get_customer_for(request.user, pk)
    require(lambda u: u.has_perm("customers.add_contact"), request.user)
    form = ContactForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.add_contact(actor=request.user, customer=customer, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Contact added."))
            return redirect(_tab_url(customer, "contacts"))
    return render(request, "customers/contact_form.html", {"form": form, "customer": customer})


@login_required
def contact_edit(request, pk, contact_pk):
    customer = selectors.get_customer_for(request.user, pk)
    require(lambda u: u.has_perm("customers.change_contact"), request.user)
    contact = selectors.get_contact(customer, contact_pk)
    form = ContactForm(request.POST or None, user=request.user, contact=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact(actor=request.user, contact=contact, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(_tab_url(customer, "contacts"))
    return render(request, "customers/contact_form.html", {"form": form, "customer": customer, "contact": contact})


@login_required
@require_POST
def contact_delete(request, pk, contact_pk):
    customer = selectors.get_customer_for(request.user, pk)
    require(lambda u: u.has_perm("customers.delete_contact"), request.user)
    services.remove_contact(actor=request.user, contact=selectors.get_contact(customer, contact_pk))
    messages.success(request, _("Contact removed."))
    return redirect(_tab_url(customer, "contacts"))


@login_required
@require_POST
def attachment_upload(request, pk):
    customer = selectors.get_customer_for(request.user, pk)
    require(lambda u: access.can_edit_customer(u, customer), request.user)
    form = AttachmentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([error for errors in form.errors.values() for error in errors])
        services.attach_file(actor=request.user, customer=customer, upload=form.cleaned_data["file"],
                             kind=form.cleaned_data["kind"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("File attached."))
    return redirect(_tab_url(customer, "attachments"))


@login_required
def attachment_download(request, pk, attachment_pk):
    """A file of a customer the user sees; the download is logged, since archive files must not leave the company."""
    customer = selectors.get_customer_for(request.user, pk)
    attachment = selectors.get_attachment(customer, attachment_pk)
    record_event(AuditAction.EXPORT, request=request, target=f"customers.customer:{customer.pk}",
                 attachment=attachment.pk, name=attachment.name)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
def find_duplicates(request, pk):
    """HTMX: other customers sharing a phone, credit code or name with this one."""
    customer = selectors.get_customer_for(request.user, pk)
    context = {"customer": customer, "candidates": selectors.find_duplicates_for(request.user, customer),
               "can_merge": access.can_merge(request.user), "checked": True}
    return render(request, "customers/partials/duplicate_candidates.html", context)
