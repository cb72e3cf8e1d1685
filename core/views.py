"""Shell pages shared by every module: home dashboard, global search, notifications, audit log, error pages."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.parsing import parse_day

from .audit import record_event
from .models import AuditEvent, Notification
from .models.audit import AuditAction
from .registry import panels_for, search_providers_for


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


@login_required
def home(request):
    panels = [(panel, panel.context(request)) for panel in panels_for(request.user)]
    return render(request, "core/home.html", {"panels": panels})


@login_required
def search(request):
    text = request.GET.get("q", "").strip()
    groups = []
    if len(text) >= 1:
        for provider in search_providers_for(request.user):
            hits = provider.search(request.user, text)[:8]
            if hits:
                groups.append((provider.label, hits))
    template = "core/search.html#results" if request.htmx else "core/search.html"
    return render(request, template, {"q": text, "groups": groups})


@login_required
def notifications(request):
    items = Notification.objects.filter(recipient=request.user)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    template = "core/notifications.html#list" if request.htmx else "core/notifications.html"
    return render(request, template, {"page": page})


@login_required
@require_POST
def mark_notifications_read(request):
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications")


@permission_required("core.view_auditevent", raise_exception=True)
def audit_log(request):
    events = AuditEvent.objects.select_related("actor")
    q = request.GET.get("q", "").strip()
    action = request.GET.get("action", "")
    if q:
        events = events.filter(Q(username__icontains=q) | Q(target__icontains=q) | Q(path__icontains=q)
                               | Q(ip_address__contains=q))
    if action:
        events = events.filter(action=action)
    since, until = parse_day(request.GET.get("from")), parse_day(request.GET.get("to"))
    if since:
        events = events.filter(occurred_at__date__gte=since)
    if until:
        events = events.filter(occurred_at__date__lte=until)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "action": action, "actions": AuditAction.choices}
    template = "core/audit_log.html#table" if request.htmx else "core/audit_log.html"
    return render(request, template, context)


def permission_denied(request, exception=None):
    if request.user.is_authenticated:
        record_event(AuditAction.PERMISSION_DENIED, request=request, target=request.path)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
