"""Who sees which partners and may do what with them; every channel read starts here."""

from django.db.models import QuerySet

from core.scopes import DataScope, restrict, scope_context

from .choices import ApplicationStatus, ApprovalStepKind
from .models import Partner, PartnerApplication, PartnerEvent, PartnerScorecard, PortalLogin, Territory

# The approval chain: which step an open application waits for, and the right that decides it.
STEP_OF_STATUS = {ApplicationStatus.PENDING_MANAGER: ApprovalStepKind.MANAGER,
                  ApplicationStatus.PENDING_DIRECTOR: ApprovalStepKind.DIRECTOR}
RIGHT_OF_STEP = {ApprovalStepKind.MANAGER: "channels.review_partnerapplication",
                 ApprovalStepKind.DIRECTOR: "channels.decide_partnerapplication"}


def _scoped(queryset: QuerySet, user) -> QuerySet:
    """Channel management sees every partner; everyone else sees their data scope."""
    if user.is_authenticated and user.has_perm("channels.view_all_partners"):
        return queryset
    return restrict(queryset, user)


def partners_visible_to(user) -> QuerySet[Partner]:
    return _scoped(Partner.objects.all(), user)


def territories_visible_to(user) -> QuerySet[Territory]:
    return _scoped(Territory.objects.all(), user)


def applications_visible_to(user) -> QuerySet[PartnerApplication]:
    return _scoped(PartnerApplication.objects.all(), user)


def events_visible_to(user) -> QuerySet[PartnerEvent]:
    return _scoped(PartnerEvent.objects.all(), user)


def scorecards_visible_to(user) -> QuerySet[PartnerScorecard]:
    return _scoped(PartnerScorecard.objects.all(), user)


def portal_logins_visible_to(user) -> QuerySet[PortalLogin]:
    return _scoped(PortalLogin.objects.all(), user)


def is_partner_user(user) -> bool:
    """A person at a partner company (sees only their own company, through the portal)."""
    return user.is_authenticated and scope_context(user).scope == DataScope.PARTNER


def can_view_partners(user) -> bool:
    return user.is_authenticated and user.has_perm("channels.view_partner") and not is_partner_user(user)


def can_open_partner(user) -> bool:
    """May open a partner record it can see (staff, and a partner user its own company)."""
    return user.is_authenticated and user.has_perm("channels.view_partner")


def can_view_portal(user) -> bool:
    return is_partner_user(user) and user.has_perm("channels.view_partner")


def can_view_applications(user) -> bool:
    return user.is_authenticated and user.has_perm("channels.view_partnerapplication")


def can_view_scorecards(user) -> bool:
    return user.is_authenticated and user.has_perm("channels.view_partnerscorecard")


def can_view_events(user) -> bool:
    return user.is_authenticated and user.has_perm("channels.view_partnerevent")


def can_apply(user) -> bool:
    return user.is_authenticated and user.has_perm("channels.add_partnerapplication")


def can_edit_partner(user) -> bool:
    return user.is_authenticated and user.has_perm("channels.change_partner")


def can_change_status(user) -> bool:
    return user.is_authenticated and user.has_perm("channels.change_partner_status")


def can_edit_territory(user) -> bool:
    return user.is_authenticated and user.has_perm("channels.add_territory")


def can_fill_scorecard(user) -> bool:
    return user.is_authenticated and user.has_perm("channels.change_partnerscorecard")


def can_grant_portal_login(user) -> bool:
    return user.is_authenticated and user.has_perm("channels.grant_portal_login")


def holds_approval_right(user) -> bool:
    """Takes part in the approval chain at some step."""
    return user.is_authenticated and any(user.has_perm(right) for right in RIGHT_OF_STEP.values())


def can_decide_now(user, application: PartnerApplication) -> bool:
    """The application waits for a step this user may decide."""
    step = STEP_OF_STATUS.get(application.status)
    return step is not None and user.is_authenticated and user.has_perm(RIGHT_OF_STEP[step])
