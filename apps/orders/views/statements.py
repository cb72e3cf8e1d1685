"""Statement pages (对账单): the list and detail for staff and partner users alike (the scope decides what they
see), confirm / dispute by the partner, resolution by the sales admin, Excel and PDF downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.parsing import parse_day

from .. import access_money
from ..choices import StatementStatus
from ..selectors import statements as selectors
from ..services import statements as services
from ..statement_documents import statement_pdf, statement_xlsx
from ..workflow import StateConflict


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def partial_or_page(request, template: str, partial: str) -> str:
    return f"{template}#{partial}" if request.htmx and not request.htmx.boosted else template


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def statement_list(request):
    require(access_money.can_view_statements(request.user))
    filters = {"status": request.GET.get("status", ""), "period_end": parse_day(request.GET.get("period")),
               "search": request.GET.get("q", "").strip()}
    statements = selectors.list_statements_for(request.user, **filters)
    context = {"page": Paginator(statements, 25).get_page(request.GET.get("page")), "filters": filters,
               "statuses": StatementStatus.choices, "cutoffs": selectors.cutoffs_for(request.user),
               "can_generate": access_money.can_generate_statements(request.user)}
    return render(request, partial_or_page(request, "orders/money/statement_list.html", "table"), context)


@login_required
def statement_detail(request, pk):
    require(access_money.can_view_statements(request.user))
    statement = selectors.get_statement_for(request.user, pk)
    context = {"statement": statement, "lines": statement.lines.all(),
               "can_confirm": access_money.can_confirm_statement(request.user, statement),
               "can_resolve": access_money.can_resolve_statement(request.user, statement)}
    return render(request, "orders/money/statement_detail.html", context)


@login_required
@require_POST
def statement_act(request, pk, verb):
    """Confirm, dispute (with a reason) or resolve (with the resolution) a statement."""
    require(access_money.can_view_statements(request.user))
    statement = selectors.get_statement_for(request.user, pk)
    try:
        if verb == "confirm":
            require(access_money.can_confirm_statement(request.user))
            services.confirm_statement(actor=request.user, statement=statement)
            messages.success(request, _("Statement confirmed."))
        elif verb == "dispute":
            require(access_money.can_confirm_statement(request.user))
            services.dispute_statement(actor=request.user, statement=statement, reason=request.POST.get("reason", ""))
            messages.warning(request, _("Dispute sent to the sales admin."))
        elif verb == "resolve":
            require(access_money.can_resolve_statement(request.user))
            services.resolve_statement(actor=request.user, statement=statement,
                                       resolution=request.POST.get("resolution", ""))
            messages.success(request, _("Dispute resolved."))
        else:
            raise PermissionDenied
    except (StateConflict, ValidationError) as exc:
        messages.error(request, error_text(exc))
    return redirect("orders:statement-detail", pk=statement.pk)


@login_required
def statement_download(request, pk, fmt):
    require(access_money.can_export_statement(request.user))
    statement = selectors.get_statement_for(request.user, pk)
    return statement_pdf(request, statement) if fmt == "pdf" else statement_xlsx(request, statement)


@login_required
@require_POST
def statement_generate(request):
    """Generate the statements of a cut-off now (the scheduled job does it on the issue day)."""
    require(access_money.can_generate_statements(request.user))
    cutoff = parse_day(request.POST.get("cutoff")) or timezone.localdate()
    count = services.generate_statements(actor=request.user, cutoff=cutoff)
    messages.success(request, _("%(count)d statements generated.") % {"count": count})
    return redirect("orders:statements")
