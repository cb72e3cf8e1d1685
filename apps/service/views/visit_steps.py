"""The satisfaction follow-up queue: findings to the responsible department, the department's measures, the
customer's revisit; each with its assignee, department and deadline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..services import visits as services
from ..visits import access, selectors
from ..visits.forms import StepForm
from ..visits.workflow import StepClosed
from .common import require

BOXES = [("mine", gettext_lazy("Mine"), "user"), ("department", gettext_lazy("My department"), "building"),
         ("overdue", gettext_lazy("Overdue"), "alarm"), ("open", gettext_lazy("All open"), "list"),
         ("done", gettext_lazy("Done"), "archive")]
PAGE_SIZE = 50


@login_required
def follow_ups(request):
    require(access.can_view_steps(request.user))
    now = timezone.now()
    box = request.GET.get("box", "open")
    box = box if box in {b[0] for b in BOXES} else "open"
    page = Paginator(selectors.list_steps_for(request.user, box, now), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.step_counts(request.user, now)
    page.object_list = [(step, access.can_work_step(request.user, step)) for step in page.object_list]
    context = {"page": page, "box": box, "boxes": [(k, label, icon, counts.get(k)) for k, label, icon in BOXES],
               "now": now, "departments": list(StepForm(user=request.user).fields["department"].queryset),
               "can_view_visits": access.can_view_visits(request.user)}
    if request.htmx and not request.htmx.boosted:
        return render(request, "service/visits/follow_ups.html#table", context)
    return render(request, "service/visits/follow_ups.html", context)


@login_required
@require_POST
def complete_step(request, pk):
    """Forward the findings to a department, or record the department's measures; the next step opens."""
    step = selectors.get_step_for(request.user, pk)
    require(access.can_work_step(request.user, step))
    form = StepForm(request.POST, user=request.user, prefix="step")
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            services.complete_step(actor=request.user, step=step, **form.cleaned_data)
        except StepClosed as exc:
            messages.error(request, " ".join(exc.messages))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Step done: %(step)s.") % {"step": step.get_kind_display()})
    return redirect("service:follow-ups")
