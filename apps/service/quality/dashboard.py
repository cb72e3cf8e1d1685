"""The service dashboard's reads (domain.md §15): volume by kind/channel/category per day, SLA compliance,
first-contact resolution, satisfaction, return-visit completion (members 100 %), top defect categories and the
backlog by team. Every number starts from the user's ticket scope; each chart carries the table behind it.

Return-visit figures are read through `visits_in_scope` and `member_coverage` only (the return-visit module's
scope and coverage), so pointing them elsewhere is a two-line change.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import rules as rule_data

from ..access import tickets_visible_to
from ..choices import DONE_STATUSES, OPEN_STATUSES, SlaStatus, TicketChannel, TicketKind
from ..visits import access as visit_access
from ..visits import selectors as visit_selectors
from ..visits.choices import ReturnVisitSource, ReturnVisitStatus
from .report import defect_filter, total_label

DAYS = 30  # the window the dashboard looks back over
WEEKS = 12  # the satisfaction trend
TOP = 10
MAX_SERIES = 6
FCR_RULE = "service.first_contact_minutes"
MEMBER_TARGET_RULE = "service.member_visit_target_percent"
BY = {"kind": "kind", "channel": "channel", "category": "category"}
OK, WAITING, BAD = "#2fb344", "#f59f00", "#d63939"  # the status colours of static/css/app.css (--mc-ok …)


def visits_in_scope(user):
    """The return visits the user may see (the return-visit module's scope, which follows the ticket scope)."""
    return visit_access.return_visits_visible_to(user)


def member_coverage():
    """Members visited (or planned) in the current interval, company-wide: the 100 % target."""
    return visit_selectors.member_coverage()


@dataclass
class Chart:
    """One chart of the dashboard with the table behind it."""

    key: str
    title: str
    spec: dict
    headers: list[str]
    rows: list[list]
    footer: list | None = None
    note: str = ""

    @property
    def empty(self) -> bool:
        return not self.rows


@dataclass
class Kpi:
    key: str
    label: str
    value: str
    hint: str = ""
    colour: str = "secondary"


@dataclass
class Dashboard:
    since: dt.date
    until: dt.date
    by: str
    kpis: list[Kpi] = field(default_factory=list)
    charts: dict[str, Chart] = field(default_factory=dict)


def percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _shown(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _name(zh: str | None, en: str | None) -> str:
    return (en if _english() and en else zh) or _("(none)")


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else (value or _("(none)"))


# -- volume --------------------------------------------------------------------------------------------------

def volume(tickets, *, since: dt.datetime, days: list[dt.date], by: str) -> Chart:
    """Tickets received per day, stacked by kind, channel or category (the largest series, the rest as other)."""
    fields = {"kind": ["kind"], "channel": ["channel"], "category": ["category__name", "category__name_en"]}[by]
    grouped = (tickets.filter(received_at__gte=since).annotate(day=TruncDate("received_at"))
               .values("day", *fields).annotate(n=Count("pk")).order_by())
    counts: dict[str, dict[dt.date, int]] = {}
    for row in grouped:
        if by == "category":
            label = _name(row["category__name"], row["category__name_en"])
        else:
            label = _label(TicketKind if by == "kind" else TicketChannel, row[by])
        per_day = counts.setdefault(label, {})
        per_day[row["day"]] = per_day.get(row["day"], 0) + row["n"]
    ranked = sorted(counts, key=lambda label: (-sum(counts[label].values()), label))
    if len(ranked) > MAX_SERIES:
        other: dict[dt.date, int] = {}
        for label in ranked[MAX_SERIES - 1:]:
            for day, n in counts[label].items():
                other[day] = other.get(day, 0) + n
        ranked = [*ranked[:MAX_SERIES - 1], _("Other")]
        counts[_("Other")] = other
    series = [{"name": label, "values": [counts[label].get(day, 0) for day in days]} for label in ranked]
    rows = [[f"{day:%m-%d}", *[counts[label].get(day, 0) for label in ranked],
             sum(counts[label].get(day, 0) for label in ranked)] for day in days]
    totals = [sum(counts[label].values()) for label in ranked]
    titles = {"kind": _("Tickets per day by kind"), "channel": _("Tickets per day by channel"),
              "category": _("Tickets per day by category")}
    return Chart("volume", titles[by], {"type": "bar", "stack": True, "labels": [f"{d:%m-%d}" for d in days],
                                        "series": series},
                 [_("Day"), *ranked, total_label()], rows if any(totals) else [],
                 footer=[total_label(), *totals, sum(totals)])


# -- SLA compliance and first-contact resolution ---------------------------------------------------------------

def sla_and_fcr(tickets, *, since: dt.datetime, fcr_minutes: int) -> tuple[Chart, Chart, dict]:
    """Per kind: resolution and first-response targets met, and first-contact resolution, in one query."""
    resolved = Q(resolved_at__gte=since, status__in=DONE_STATUSES)
    responded = Q(received_at__gte=since, first_responded_at__isnull=False)
    # Met = done by the deadline in force (pauses already moved it); a ticket without a target counts as met.
    resolved_in_time = Q(resolution_due__isnull=True) | Q(resolved_at__lte=F("resolution_due"))
    responded_in_time = Q(first_response_due__isnull=True) | Q(first_responded_at__lte=F("first_response_due"))
    first_contact = resolved & Q(reopen_count=0, resolved_at__lte=F("received_at") + dt.timedelta(minutes=fcr_minutes))
    grouped = (tickets.filter(Q(resolved_at__gte=since) | Q(received_at__gte=since)).values("kind")
               .annotate(resolved=Count("pk", filter=resolved),
                         resolved_met=Count("pk", filter=resolved & resolved_in_time),
                         responded=Count("pk", filter=responded),
                         responded_met=Count("pk", filter=responded & responded_in_time),
                         fcr=Count("pk", filter=first_contact)).order_by("kind"))
    rows = [r for r in grouped if r["resolved"] or r["responded"]]
    total = {key: sum(r[key] for r in rows) for key in ("resolved", "resolved_met", "responded", "responded_met",
                                                         "fcr")}
    labels = [_label(TicketKind, r["kind"]) for r in rows]
    sla = Chart(
        "sla", _("SLA compliance by kind"),
        {"type": "bar", "labels": labels, "max": 100, "unit": "%",
         "series": [{"name": str(_("Resolution in time")), "values": [percent(r["resolved_met"], r["resolved"])
                                                                        for r in rows]},
                    {"name": str(_("First response in time")),
                     "values": [percent(r["responded_met"], r["responded"]) for r in rows]}]},
        [_("Kind"), _("Resolved"), _("In time"), _("Resolution %"), _("Responded"), _("In time"),
         _("First response %")],
        [[label, r["resolved"], r["resolved_met"], _shown(percent(r["resolved_met"], r["resolved"])),
          r["responded"], r["responded_met"], _shown(percent(r["responded_met"], r["responded"]))]
         for label, r in zip(labels, rows, strict=True)],
        footer=[total_label(), total["resolved"], total["resolved_met"],
                _shown(percent(total["resolved_met"], total["resolved"])), total["responded"],
                total["responded_met"], _shown(percent(total["responded_met"], total["responded"]))])
    fcr = Chart(
        "fcr", _("First-contact resolution by kind"),
        {"type": "bar", "labels": labels, "max": 100, "unit": "%", "name": str(_("First-contact resolution")),
         "series": [{"name": str(_("First-contact resolution")),
                     "values": [percent(r["fcr"], r["resolved"]) for r in rows]}]},
        [_("Kind"), _("Resolved"), _("On first contact"), _("Share")],
        [[label, r["resolved"], r["fcr"], _shown(percent(r["fcr"], r["resolved"]))]
         for label, r in zip(labels, rows, strict=True) if r["resolved"]],
        footer=[total_label(), total["resolved"], total["fcr"], _shown(percent(total["fcr"], total["resolved"]))],
        note=_("Resolved within %(minutes)s minutes of contact and never reopened.") % {"minutes": fcr_minutes})
    return sla, fcr, total


# -- satisfaction and return visits ---------------------------------------------------------------------------

def satisfaction(visits, *, since: dt.datetime) -> tuple[Chart, dict]:
    """Per week: return visits answered, the share satisfied and the average score (1–5)."""
    grouped = (visits.filter(status=ReturnVisitStatus.DONE, completed_at__gte=since, satisfied__isnull=False)
               .annotate(week=TruncWeek("completed_at")).values("week")
               .annotate(answered=Count("pk"), satisfied_n=Count("pk", filter=Q(satisfied=True)),
                         score=Avg("score")).order_by("week"))
    rows = list(grouped)
    labels = [f"{timezone.localtime(r['week']).date() if isinstance(r['week'], dt.datetime) else r['week']:%m-%d}"
              for r in rows]
    answered = sum(r["answered"] for r in rows)
    satisfied_n = sum(r["satisfied_n"] for r in rows)
    chart = Chart(
        "satisfaction", _("Satisfaction by week"),
        {"type": "line", "labels": labels, "max": 100, "unit": "%",
         "series": [{"name": str(_("Satisfied")), "values": [percent(r["satisfied_n"], r["answered"])
                                                             for r in rows]}]},
        [_("Week of"), _("Visits answered"), _("Satisfied"), _("Satisfied %"), _("Average score")],
        [[label, r["answered"], r["satisfied_n"], _shown(percent(r["satisfied_n"], r["answered"])),
          "—" if r["score"] is None else f"{r['score']:.1f}"] for label, r in zip(labels, rows, strict=True)],
        footer=[total_label(), answered, satisfied_n, _shown(percent(satisfied_n, answered)), ""])
    return chart, {"answered": answered, "satisfied": satisfied_n}


def visit_completion(visits, *, since: dt.datetime, now: dt.datetime, member_target: float) -> tuple[Chart, dict]:
    """Visits that fell due in the window, by what they were for: done, done in time, and the share done."""
    grouped = (visits.filter(due_at__gte=since, due_at__lte=now).exclude(status=ReturnVisitStatus.CANCELLED)
               .values("source")
               .annotate(due=Count("pk"), done=Count("pk", filter=Q(status=ReturnVisitStatus.DONE)),
                         in_time=Count("pk", filter=Q(status=ReturnVisitStatus.DONE, completed_at__lte=F("due_at"))))
               .order_by("source"))
    rows = list(grouped)
    labels = [_label(ReturnVisitSource, r["source"]) for r in rows]
    due, done = sum(r["due"] for r in rows), sum(r["done"] for r in rows)
    chart = Chart(
        "visits", _("Return-visit completion"),
        {"type": "bar", "labels": labels, "max": 100, "unit": "%",
         "series": [{"name": str(_("Done")), "values": [percent(r["done"], r["due"]) for r in rows]},
                    {"name": str(_("Done in time")), "values": [percent(r["in_time"], r["due"]) for r in rows]}]},
        [_("Visit for"), _("Fell due"), _("Done"), _("Done in time"), _("Done %"), _("Target")],
        [[label, r["due"], r["done"], r["in_time"], _shown(percent(r["done"], r["due"])),
          f"{member_target:g}%" if r["source"] == ReturnVisitSource.MEMBER else "—"]
         for label, r in zip(labels, rows, strict=True)],
        footer=[total_label(), due, done, sum(r["in_time"] for r in rows), _shown(percent(done, due)), ""])
    return chart, {"due": due, "done": done}


# -- defects and backlog --------------------------------------------------------------------------------------

def top_defects(tickets, *, since: dt.datetime, today: dt.date) -> Chart:
    """The categories with the most defects (repairs and product complaints) received in the window."""
    grouped = (tickets.filter(defect_filter(today), received_at__gte=since)
               .values("category__name", "category__name_en").annotate(n=Count("pk")).order_by("-n",
                                                                                                 "category__name"))
    rows = [[_name(r["category__name"], r["category__name_en"]), r["n"]] for r in grouped[:TOP]]
    total = sum(r[1] for r in rows)
    return Chart("defects", _("Top defect categories"),
                 {"type": "hbar", "labels": [r[0] for r in rows], "values": [r[1] for r in rows],
                  "name": str(_("Defects"))},
                 [_("Category"), _("Defects"), _("Share")],
                 [[*row, _shown(percent(row[1], total))] for row in rows], footer=[total_label(), total, ""])


def backlog(tickets) -> tuple[Chart, int]:
    """Open tickets by team, split by SLA status."""
    grouped = (tickets.filter(status__in=OPEN_STATUSES).values("team__name", "team__name_en")
               .annotate(total=Count("pk"), on_track=Count("pk", filter=Q(sla_status=SlaStatus.ON_TRACK)),
                         due_soon=Count("pk", filter=Q(sla_status=SlaStatus.DUE_SOON)),
                         breached=Count("pk", filter=Q(sla_status=SlaStatus.BREACHED)))
               .order_by("-total", "team__name"))
    rows = [[_name(r["team__name"], r["team__name_en"]), r["on_track"], r["due_soon"], r["breached"], r["total"]]
            for r in grouped]
    statuses = [(1, SlaStatus.ON_TRACK.label, OK), (2, SlaStatus.DUE_SOON.label, WAITING),
                (3, SlaStatus.BREACHED.label, BAD)]
    spec = {"type": "hbar", "stack": True, "labels": [r[0] for r in rows],
            "series": [{"name": str(label), "values": [r[i] for r in rows], "color": colour}
                       for i, label, colour in statuses]}
    total = sum(r[4] for r in rows)
    footer = [total_label(), *[sum(r[i] for r in rows) for i in (1, 2, 3)], total]
    return Chart("backlog", _("Backlog by team"), spec,
                 [_("Team"), SlaStatus.ON_TRACK.label, SlaStatus.DUE_SOON.label, SlaStatus.BREACHED.label,
                  _("Open")], rows, footer=footer), total


# -- the page -------------------------------------------------------------------------------------------------

def service_dashboard(user, *, by: str = "kind", now: dt.datetime | None = None) -> Dashboard:
    """Everything the dashboard shows, over the user's tickets (and the return visits they may see)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first_day = today - dt.timedelta(days=DAYS - 1)
    since = timezone.make_aware(dt.datetime.combine(first_day, dt.time.min))
    by = by if by in BY else "kind"
    tickets = tickets_visible_to(user)
    visits = visits_in_scope(user)
    days = [first_day + dt.timedelta(days=i) for i in range(DAYS)]
    board = Dashboard(since=first_day, until=today, by=by)
    board.charts["volume"] = volume(tickets, since=since, days=days, by=by)
    sla, fcr, totals = sla_and_fcr(tickets, since=since, fcr_minutes=int(rule_data.value(FCR_RULE, today)))
    board.charts.update(sla=sla, fcr=fcr)
    week_start = today - dt.timedelta(days=today.weekday() + 7 * (WEEKS - 1))
    board.charts["satisfaction"], answers = satisfaction(
        visits, since=timezone.make_aware(dt.datetime.combine(week_start, dt.time.min)))
    member_target = float(rule_data.value(MEMBER_TARGET_RULE, today))
    board.charts["visits"], completion = visit_completion(visits, since=since, now=now, member_target=member_target)
    board.charts["defects"] = top_defects(tickets, since=since, today=today)
    board.charts["backlog"], open_count = backlog(tickets)
    coverage = member_coverage()
    received = sum(board.charts["volume"].footer[1:-1]) if board.charts["volume"].footer else 0
    board.kpis = [
        Kpi("received", _("Tickets in %(days)s days") % {"days": DAYS}, str(received)),
        Kpi("sla", _("Resolved in time"), _shown(percent(totals["resolved_met"], totals["resolved"]))),
        Kpi("fcr", _("First-contact resolution"), _shown(percent(totals["fcr"], totals["resolved"]))),
        Kpi("satisfaction", _("Satisfied (%(weeks)s weeks)") % {"weeks": WEEKS},
            _shown(percent(answers["satisfied"], answers["answered"]))),
        Kpi("visits", _("Return visits done"), _shown(percent(completion["done"], completion["due"]))),
        Kpi("members", _("Members visited"), f"{coverage.percent:.1f}%",
            hint=_("Target %(target)s%% · %(covered)s of %(members)s")
            % {"target": f"{member_target:g}", "covered": coverage.covered, "members": coverage.members},
            colour="green" if coverage.percent >= member_target else "red"),
        Kpi("backlog", _("Open tickets"), str(open_count)),
    ]
    return board

