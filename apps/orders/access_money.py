"""Who sees which plans, statements, rebates and returns, and may do what with them (month-end and after-sale
money). Rows are scoped through the customer / order / partner placement, exactly like orders (core.scopes): a
partner user sees only its own company's rows, a rep only its own customers' rows."""

from django.db.models import QuerySet

from core.scopes import restrict

from .access import is_partner_user
from .choices import PlanStatus, ReturnStatus, StatementStatus
from .models import RebateAccrual, ReturnRequest, SalesPlan, Statement


def _has(user, perm: str) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(perm))


def _scoped(queryset: QuerySet, user, view: str, view_all: str) -> QuerySet:
    if not _has(user, view):
        return queryset.none()
    return queryset if _has(user, view_all) else restrict(queryset, user)


# -- scopes ---------------------------------------------------------------------------------------------------


def plans_visible_to(user) -> QuerySet[SalesPlan]:
    return _scoped(SalesPlan.objects.all(), user, "orders.view_salesplan", "orders.view_all_salesplans")


def statements_visible_to(user) -> QuerySet[Statement]:
    return _scoped(Statement.objects.all(), user, "orders.view_statement", "orders.view_all_statements")


def rebates_visible_to(user) -> QuerySet[RebateAccrual]:
    return _scoped(RebateAccrual.objects.all(), user, "orders.view_rebateaccrual", "orders.view_all_rebates")


def returns_visible_to(user) -> QuerySet[ReturnRequest]:
    return _scoped(ReturnRequest.objects.all(), user, "orders.view_returnrequest", "orders.view_all_returns")


# -- plans ----------------------------------------------------------------------------------------------------


def can_view_plans(user) -> bool:
    return _has(user, "orders.view_salesplan") and not is_partner_user(user)


def can_add_plan(user) -> bool:
    return _has(user, "orders.add_salesplan") and not is_partner_user(user)


def can_edit_plan(user, plan: SalesPlan) -> bool:
    return plan.status in {PlanStatus.DRAFT, PlanStatus.REJECTED} and _has(user, "orders.change_salesplan")


def can_submit_plan(user, plan: SalesPlan) -> bool:
    return plan.status in {PlanStatus.DRAFT, PlanStatus.REJECTED} and _has(user, "orders.add_salesplan")


def can_approve_plan(user, plan: SalesPlan | None = None) -> bool:
    allowed = _has(user, "orders.approve_salesplan")
    return allowed if plan is None else allowed and plan.status == PlanStatus.SUBMITTED


def can_consolidate_plans(user) -> bool:
    return _has(user, "orders.consolidate_salesplan")


def can_view_sales_vs_plan(user) -> bool:
    """The director's dashboard panel and the attainment page."""
    return _has(user, "orders.view_all_salesplans") or can_view_plans(user)


# -- statements -----------------------------------------------------------------------------------------------


def can_view_statements(user) -> bool:
    return _has(user, "orders.view_statement")


def can_confirm_statement(user, statement: Statement | None = None) -> bool:
    """The counterparty (partner user) confirms or disputes an issued statement."""
    allowed = _has(user, "orders.confirm_statement")
    return allowed if statement is None else allowed and statement.status == StatementStatus.ISSUED


def can_resolve_statement(user, statement: Statement | None = None) -> bool:
    allowed = _has(user, "orders.resolve_statement")
    return allowed if statement is None else allowed and statement.status == StatementStatus.DISPUTED


def can_generate_statements(user) -> bool:
    return _has(user, "orders.generate_statement")


def can_export_statement(user) -> bool:
    return _has(user, "orders.view_statement")


# -- rebates --------------------------------------------------------------------------------------------------


def can_view_rebates(user) -> bool:
    return _has(user, "orders.view_rebateaccrual")


def can_settle_rebates(user) -> bool:
    return _has(user, "orders.settle_rebate")


# -- returns --------------------------------------------------------------------------------------------------


def can_view_returns(user) -> bool:
    return _has(user, "orders.view_returnrequest")


def can_request_return(user) -> bool:
    return _has(user, "orders.add_returnrequest")


def can_inspect_return(user, request: ReturnRequest | None = None) -> bool:
    allowed = _has(user, "orders.inspect_returnrequest") and not is_partner_user(user)
    return allowed if request is None else allowed and request.status in {ReturnStatus.REQUESTED,
                                                                          ReturnStatus.INSPECTED}


def can_decide_return(user, request: ReturnRequest | None = None) -> bool:
    allowed = _has(user, "orders.approve_returnrequest") and not is_partner_user(user)
    return allowed if request is None else allowed and request.status == ReturnStatus.INSPECTED
