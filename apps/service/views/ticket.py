"""The ticket page: header with SLA countdowns and the allowed actions, conversation, five clears, customer 360."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.customers.selectors import service as customer_selectors
from core.parsing import parse_id

from .. import access, selectors, services
from ..choices import MessageKind, TicketKind, TicketStatus
from ..forms import FiveClearsForm, TicketEditForm, TransferForm
from ..workflow import InvalidTransition
from .common import apply_errors, countdown_labels, require

FIVE_CLEARS = list(FiveClearsForm.base_fields)


def _actions(user, ticket) -> dict:
    """Which buttons the user gets: the same can_* checks the services' callers use."""
    move = {name: access.can_move(user, ticket, status) for name, status in [
        ("start", TicketStatus.IN_PROGRESS), ("wait_customer", TicketStatus.WAITING_CUSTOMER),
        ("wait_department", TicketStatus.WAITING_DEPARTMENT), ("resolve", TicketStatus.RESOLVED),
        ("close", TicketStatus.CLOSED), ("reopen", TicketStatus.REOPENED)]}
    waiting = ticket.status in (TicketStatus.WAITING_CUSTOMER, TicketStatus.WAITING_DEPARTMENT)
    move["start"] = move["start"] and not waiting
    return {**move, "resume": waiting and access.can_act_on(user, ticket),
            "take": access.can_take(user, ticket), "assign": access.can_assign(user, ticket),
            "transfer": access.can_transfer(user, ticket), "reply": access.can_reply(user, ticket),
            "edit": access.can_edit(user, ticket),
            "major": access.can_edit(user, ticket) and not ticket.is_major,
            "link": access.can_edit(user, ticket) and ticket.customer_id is None}


def _five_clears_form(ticket, data=None) -> FiveClearsForm:
    initial = {name: getattr(ticket, name) for name in FIVE_CLEARS}
    if initial["next_reply_at"]:
        initial["next_reply_at"] = timezone.localtime(initial["next_reply_at"])
    return FiveClearsForm(data, initial=initial, prefix="fc")


def _context(request, ticket, **extra) -> dict:
    user = request.user
    assignees = selectors.assignable_users_for(user, ticket) if access.can_transfer(user, ticket) else []
    return {
        "ticket": ticket, "messages_list": selectors.conversation(ticket), "events": selectors.timeline(ticket),
        "panel": selectors.customer_panel(user, ticket), "can": _actions(user, ticket), "assignees": assignees,
        "serial_flag": selectors.serial_flag_for(user, ticket),
        "five_clears": _five_clears_form(ticket) if ticket.kind == TicketKind.COMPLAINT else None,
        "transfer_form": TransferForm(user=user, assignees=assignees, prefix="tr") if assignees else None,
        "attachments": ticket.attachments.select_related("uploaded_by"), "tab": request.GET.get("tab", "talk"),
        "full_phone": access.can_view_full_phone(user), "countdown_labels": countdown_labels(),
        "watching": ticket.watchers.filter(pk=user.pk).exists(), **extra,
    }


@login_required
def ticket_detail(request, pk):
    ticket = selectors.get_ticket_for(request.user, pk)
    return render(request, "service/ticket_detail.html", _context(request, ticket))


@login_required
@require_POST
def reply(request, pk):
    """Reply to the customer or write an internal note; HTMX gets the conversation back."""
    ticket = selectors.get_ticket_for(request.user, pk)
    require(access.can_reply(request.user, ticket))
    kind = MessageKind.NOTE if request.POST.get("internal") else MessageKind.REPLY
    try:
        services.add_message(actor=request.user, ticket=ticket, body=request.POST.get("body", ""), kind=kind)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        ticket = selectors.get_ticket_for(request.user, pk)
        return render(request, "service/ticket_detail.html#conversation", _context(request, ticket))
    return redirect("service:detail", pk=pk)


def _five_clears(request, ticket):
    form = _five_clears_form(ticket, request.POST)
    return form, (form.cleaned_data if form.is_valid() else None)


@login_required
@require_POST
def five_clears(request, pk):
    """Save the five clears, or save them and resolve (refused, naming what is missing, when incomplete)."""
    ticket = selectors.get_ticket_for(request.user, pk)
    require(access.can_edit(request.user, ticket))
    form, data = _five_clears(request, ticket)
    if ticket.kind != TicketKind.COMPLAINT:
        data = {}  # no five-clears panel on other kinds: their Resolve button sends nothing to record
    if data is None:
        return render(request, "service/ticket_detail.html", _context(request, ticket, five_clears=form), status=400)
    try:
        if request.POST.get("resolve"):
            require(access.can_move(request.user, ticket, TicketStatus.RESOLVED))
            services.resolve_ticket(actor=request.user, ticket=ticket, **data)
            messages.success(request, _("Ticket %(number)s resolved.") % {"number": ticket.number})
        else:
            services.update_ticket(actor=request.user, ticket=ticket, **data)
            messages.success(request, _("The five clears are saved."))
    except services.FiveClearsIncomplete as exc:
        services.update_ticket(actor=request.user, ticket=ticket, **data)
        apply_errors(form, exc)
        context = _context(request, selectors.get_ticket_for(request.user, pk), five_clears=form,
                           refusal=exc.summary)
        return render(request, "service/ticket_detail.html", context, status=400)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("service:detail", pk=pk)


def _run_action(request, ticket, action: str):
    user, post = request.user, request.POST
    reason = post.get("reason", "").strip()
    simple = {
        "take": (access.can_take, lambda: services.take_ticket(actor=user, ticket=ticket)),
        "start": (_can("start"), lambda: services.start_work(actor=user, ticket=ticket)),
        "wait-customer": (_can("wait_customer"),
                          lambda: services.wait_for_customer(actor=user, ticket=ticket, reason=reason)),
        "wait-department": (_can("wait_department"),
                            lambda: services.wait_for_department(actor=user, ticket=ticket, reason=reason)),
        "resume": (_can("resume"), lambda: services.resume_ticket(actor=user, ticket=ticket, reason=reason)),
        "close": (_can("close"), lambda: services.close_ticket(actor=user, ticket=ticket, reason=reason)),
        "reopen": (_can("reopen"), lambda: services.reopen_ticket(actor=user, ticket=ticket, reason=reason)),
        "major": (_can("major"), lambda: services.mark_major(actor=user, ticket=ticket, reason=reason)),
        "watch": (_anyone, lambda: services.set_watching(actor=user, ticket=ticket, watching=True)),
        "unwatch": (_anyone, lambda: services.set_watching(actor=user, ticket=ticket, watching=False)),
        "assign": (access.can_assign, lambda: _assign(request, ticket)),
        "transfer": (access.can_transfer, lambda: _transfer(request, ticket)),
    }
    if action not in simple:
        raise PermissionDenied
    check, run = simple[action]
    require(check(user, ticket))
    run()


def _anyone(user, ticket) -> bool:
    """Anyone who sees the ticket may follow it."""
    return access.can_view_tickets(user)


def _can(name: str):
    return lambda user, ticket: _actions(user, ticket)[name]


def _assign(request, ticket):
    people = {u.pk: u for u in selectors.assignable_users_for(request.user, ticket)}
    assignee = people.get(parse_id(request.POST.get("assignee")))
    services.assign_ticket(actor=request.user, ticket=ticket, assignee=assignee,
                           reason=request.POST.get("reason", ""))


def _transfer(request, ticket):
    assignees = selectors.assignable_users_for(request.user, ticket)
    form = TransferForm(request.POST, user=request.user, assignees=assignees, prefix="tr")
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    services.transfer_ticket(actor=request.user, ticket=ticket, **form.cleaned_data)


@login_required
@require_POST
def ticket_action(request, pk, action):
    """Take, start, wait, resume, close, reopen, mark major, watch, assign or transfer, then back to the page."""
    ticket = selectors.get_ticket_for(request.user, pk)
    try:
        _run_action(request, ticket, action)
    except (InvalidTransition, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("service:detail", pk=pk)


@login_required
def ticket_edit(request, pk):
    ticket = selectors.get_ticket_for(request.user, pk)
    require(access.can_edit(request.user, ticket))
    fields = list(TicketEditForm.base_fields)
    form = TicketEditForm(request.POST or None, user=request.user,
                          initial={name: getattr(ticket, name) for name in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_ticket(actor=request.user, ticket=ticket, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("service:detail", pk=pk)
    return render(request, "service/ticket_edit.html", {"form": form, "ticket": ticket})


@login_required
@require_POST
def link_customer(request, pk):
    ticket = selectors.get_ticket_for(request.user, pk)
    require(access.can_edit(request.user, ticket))
    customer = customer_selectors.customer_for_ticket(request.user, request.POST.get("customer"))
    if customer is None:
        messages.error(request, _("Choose a customer."))
    else:
        services.link_customer(actor=request.user, ticket=ticket, customer=customer)
        messages.success(request, _("Linked to %(name)s.") % {"name": customer.name})
    return redirect("service:detail", pk=pk)


@login_required
@require_POST
def attach(request, pk):
    ticket = selectors.get_ticket_for(request.user, pk)
    require(access.can_reply(request.user, ticket))
    try:
        services.attach_file(actor=request.user, ticket=ticket, upload=request.FILES.get("file"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("File attached."))
    return redirect(reverse("service:detail", args=[pk]) + "?tab=files")
