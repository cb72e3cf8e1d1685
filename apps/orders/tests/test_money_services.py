"""Services of plans (quota), statements, rebates and returns, against O1's ledger and O2's shipments."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.catalog.models import StockLevel
from apps.orders.choices import PlanStatus, ReturnOutcome, ReturnStatus, StatementStatus
from apps.orders.models import ARDocument, RebateAccrual, Statement
from apps.orders.selectors import plans as plan_selectors
from apps.orders.selectors import receivables as ledger
from apps.orders.services import plans as plan_services
from apps.orders.services import rebates as rebate_services
from apps.orders.services import returns as return_services
from apps.orders.services import statements as statement_services
from apps.orders.workflow import StateConflict
from core.models.notifications import Notification
from core.testing import personas as p
from core.testing.helpers import english, max_queries, user

from .money_factories import credit, invoice, partner_a, partner_b, payment, quota, ready_order, ship

pytestmark = pytest.mark.django_db
D = datetime.date
CUTOFF = D(2026, 10, 27)  # period 2026-09-28 … 2026-10-27


# -- plans and the quota --------------------------------------------------------------------------------------


def test_quota_remaining_is_the_approved_plan_minus_what_was_ordered():
    partner = partner_a()
    assert plan_selectors.quota_remaining(partner, timezone.localdate()) is None
    quota(partner, "100000")
    order = ready_order(partner, quantities=(2,))
    left = plan_selectors.quota_remaining(partner, timezone.localdate())
    assert left == Decimal("100000") - order.total_amount
    assert plan_selectors.quota_remaining(partner, timezone.localdate(), exclude_order=order) == Decimal("100000")


def test_monthly_plan_wins_over_the_quarter_and_drafts_do_not_count():
    partner = partner_a()
    quota(partner, "900000", kind="quarter")
    quota(partner, "300000")
    plan_services.create_plan(actor=user("sales_admin"), partner=partner, period_start=timezone.localdate(),
                              amount=Decimal("5"))  # a draft: no quota
    found = plan_selectors.quota_for(partner, timezone.localdate())
    assert (found.period_kind, found.amount) == ("month", Decimal("300000"))


def test_branch_plan_flow_and_consolidation():
    branch = user(p.BRANCH_GM).employee.org_unit
    month = (timezone.localdate().replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    plans = [plan_services.create_plan(actor=user("sales_admin"), org_unit=branch, market=m, period_start=month,
                                       amount=Decimal(a)) for m, a in (("天河区", "500000"), ("越秀区", "300000"))]
    for plan in plans:
        plan_services.submit_plan(actor=user("sales_admin"), plan=plan)
    plan_services.approve_plan(actor=user(p.BRANCH_GM), plan=plans[0])
    plan_services.reject_plan(actor=user(p.BRANCH_GM), plan=plans[1], reason="偏低")
    with pytest.raises(StateConflict):
        plan_services.approve_plan(actor=user(p.BRANCH_GM), plan=plans[1])
    consolidation = plan_services.consolidate_month(actor=user("hq_clerk"), month=month)
    assert consolidation.total_amount == Decimal("500000")
    plans[0].refresh_from_db()
    assert plans[0].status == PlanStatus.CONSOLIDATED
    # The corrected plan is approved later; consolidating again adds it.
    plan_services.submit_plan(actor=user("sales_admin"), plan=plans[1])
    plan_services.approve_plan(actor=user(p.BRANCH_GM), plan=plans[1])
    assert plan_services.consolidate_month(actor=user("hq_clerk"), month=month).total_amount == Decimal("800000")


# -- statements -----------------------------------------------------------------------------------------------


def _ledger_for(partner, products=None):
    order = ready_order(partner, quantities=(1,), products=products)
    invoice(order, "20000", D(2026, 9, 10))          # before the period: opening balance
    payment(partner.customer, "5000", D(2026, 9, 20))
    invoice(order, "96000", D(2026, 10, 5))          # in the period
    credit(partner.customer, "9600", D(2026, 10, 8))
    payment(partner.customer, "50000", D(2026, 10, 20))
    credit(partner.customer, "2000", D(2026, 10, 27), kind="rebate")
    invoice(order, "7000", D(2026, 10, 28))          # after the cut-off: next statement
    return order


def test_statement_arithmetic_matches_the_ledger():
    partner = partner_a()
    _ledger_for(partner)
    statement_services.generate_statements(actor=user("finance"), cutoff=CUTOFF)
    statement = Statement.objects.get(customer=partner.customer)
    assert (statement.period_start, statement.period_end) == (D(2026, 9, 28), CUTOFF)
    prepaid = ledger.balance_at(partner.customer, D(2026, 9, 27))
    assert statement.opening_balance == prepaid
    assert (statement.shipments, statement.returns, statement.payments, statement.rebates) == (
        Decimal("96000"), Decimal("9600"), Decimal("50000"), Decimal("2000"))
    assert statement.closing_balance == (statement.opening_balance + statement.shipments - statement.returns
                                         - statement.payments - statement.rebates)
    assert statement.closing_balance == ledger.balance_at(partner.customer, CUTOFF)
    lines = list(statement.lines.all())
    assert [line.kind for line in lines] == ["shipment", "return", "payment", "rebate"]
    assert lines[-1].balance == statement.closing_balance
    assert len(lines) == len(ledger.ledger_lines(partner.customer, D(2026, 9, 28), CUTOFF))
    assert statement.status == StatementStatus.ISSUED and statement.confirm_by > CUTOFF


_LINE_KIND = {("invoice", ""): "shipment", ("credit_note", "return"): "return",
              ("credit_note", "rebate"): "rebate", ("credit_note", "other"): "other", ("payment", ""): "payment"}


def _expected_lines(customer, opening):
    """The statement lines the ledger says: kind, description, debit/credit and running balance per document."""
    rows, balance = [], opening
    for line in ledger.ledger_lines(customer, D(2026, 9, 28), CUTOFF):
        balance += line["amount"]
        if line["kind"] == "payment":
            description = line["reference"]
        else:
            description = " · ".join(part for part in (line["order_number"], line["reason"]) if part)[:200]
        rows.append((line["date"], _LINE_KIND[line["kind"], line["credit_kind"]], line["number"], description,
                     max(line["amount"], 0), max(-line["amount"], 0), balance, line["document_id"]))
    return rows


def test_statement_lines_and_figures_match_the_ledger_document_by_document():
    partner = partner_a()
    order = _ledger_for(partner)
    busy_day = D(2026, 10, 12)  # made in the reverse of ledger order: payment, credit notes, invoices
    payment(partner.customer, "1234.56", busy_day)
    credit(partner.customer, "300.10", busy_day, kind="other")
    credit(partner.customer, "45.45", busy_day, kind="rebate")
    late, early = invoice(order, "800.01", busy_day), invoice(order, "99.99", busy_day)
    ARDocument.objects.filter(pk=late.pk).update(number="INVA")   # code-point order: "INV-B" < "INVA"
    ARDocument.objects.filter(pk=early.pk).update(number="INV-B", reason="核对" * 150)
    opening = ledger.balance_at(partner.customer, D(2026, 9, 27))

    statement_services.generate_statements(actor=user("finance"), cutoff=CUTOFF)

    statement = Statement.objects.get(customer=partner.customer, period_end=CUTOFF)
    lines = [(line.on, line.kind, line.reference, line.description, line.debit, line.credit, line.balance,
              line.document_id) for line in statement.lines.order_by("position")]
    assert lines == _expected_lines(partner.customer, opening)
    assert [line.position for line in statement.lines.order_by("position")] == list(range(1, len(lines) + 1))
    assert [line[2] for line in lines if line[0] == busy_day][:2] == ["INV-B", "INVA"]
    assert lines[[line[2] for line in lines].index("INV-B")][3] == (order.number + " · " + "核对" * 150)[:200]
    assert (statement.opening_balance, statement.closing_balance) == (
        opening, ledger.balance_at(partner.customer, CUTOFF))
    assert (statement.shipments, statement.returns, statement.payments, statement.rebates, statement.other) == (
        Decimal("96900.00"), Decimal("9600.00"), Decimal("51234.56"), Decimal("2045.45"), Decimal("-300.10"))
    assert statement.number == f"ST202610-{partner.customer_id:06d}" and statement.partner_id == partner.pk


def test_generated_statements_have_their_creation_in_the_history():
    partner = partner_a()
    _ledger_for(partner)
    statement_services.generate_statements(actor=user("finance"), cutoff=CUTOFF, notify_partners=False)
    statement = Statement.objects.get(customer=partner.customer)
    [created] = statement.history.all()
    assert (created.history_type, created.history_user, created.closing_balance) == (
        "+", user("finance"), statement.closing_balance)


def test_the_partners_portal_users_are_told_their_statement_is_ready():
    partner = partner_a()
    partner_b()  # without activity: told as well
    _ledger_for(partner)
    statement_services.generate_statements(actor=None, cutoff=CUTOFF)
    for person in (p.PARTNER_A_USER, p.PARTNER_B_USER):
        assert Notification.objects.filter(recipient=user(person), title__contains=str(CUTOFF)).count() == 1
    statement_services.generate_statements(actor=None, cutoff=CUTOFF)  # nothing new: nobody told again
    assert Notification.objects.filter(recipient=user(p.PARTNER_A_USER), title__contains=str(CUTOFF)).count() == 1


def test_generation_is_idempotent_per_customer_and_period():
    partner = partner_a()
    _ledger_for(partner)
    first = statement_services.generate_statements(actor=None, cutoff=CUTOFF)
    assert first >= 1
    assert statement_services.generate_statements(actor=None, cutoff=CUTOFF) == 0
    assert Statement.objects.filter(customer=partner.customer, period_end=CUTOFF).count() == 1


def test_every_active_partner_gets_a_statement_even_without_activity():
    quiet = partner_b()
    statement_services.generate_statements(actor=None, cutoff=CUTOFF)
    statement = Statement.objects.get(customer=quiet.customer)
    assert statement.closing_balance == 0 and not statement.lines.exists()


def test_generation_runs_a_fixed_number_of_queries_whatever_the_number_of_customers():
    first = _ledger_for(partner_a())
    _ledger_for(partner_b(), products=[first.lines.get().product])
    with max_queries(16):
        statement_services.generate_statements(actor=None, cutoff=CUTOFF, notify_partners=False)


def test_confirm_dispute_resolve():
    partner = partner_a()
    _ledger_for(partner)
    statement_services.generate_statements(actor=None, cutoff=CUTOFF)
    statement = Statement.objects.get(customer=partner.customer)
    disputed = statement_services.dispute_statement(actor=user(p.PARTNER_A_USER), statement=statement,
                                                    reason="10月5日发货金额不符")
    assert disputed.status == StatementStatus.DISPUTED
    with pytest.raises(StateConflict):
        statement_services.confirm_statement(actor=user(p.PARTNER_A_USER), statement=statement)
    resolved = statement_services.resolve_statement(actor=user("sales_admin"), statement=statement,
                                                    resolution="已核对,差额下月冲红")
    assert resolved.status == StatementStatus.RESOLVED
    with pytest.raises(ValidationError):
        statement_services.dispute_statement(actor=user(p.PARTNER_A_USER), statement=statement, reason=" ")


# -- rebates --------------------------------------------------------------------------------------------------


def test_rebate_accrues_monthly_from_shipments_net_of_returns_and_settles_as_a_credit_note():
    partner = partner_a()  # a distributor: ≥0.5M → 1 %, ≥1M → 1.5 %
    order = ready_order(partner, quantities=(1,))
    invoice(order, "700000", D(2026, 3, 10))
    rebate_services.accrue_rebates(actor=None, through=D(2026, 3, 31))
    accrual = RebateAccrual.objects.get(partner=partner, year=2026)
    assert (accrual.volume, accrual.rate, accrual.amount) == (Decimal("700000"), Decimal("1"), Decimal("7000"))
    assert accrual.next_threshold == Decimal("1000000")
    invoice(order, "400000", D(2026, 4, 10))
    credit(partner.customer, "50000", D(2026, 4, 20))
    rebate_services.accrue_rebates(actor=None, through=D(2026, 4, 30))
    accrual.refresh_from_db()
    assert (accrual.volume, accrual.rate, accrual.amount) == (Decimal("1050000"), Decimal("1.5"), Decimal("15750"))
    assert [m.change for m in accrual.months.all()] == [Decimal("7000"), Decimal("8750")]
    rebate_services.accrue_rebates(actor=None, through=D(2026, 4, 30))  # re-run: the month is replaced
    assert accrual.months.count() == 2
    assert rebate_services.settle_rebates(actor=user("finance"), year=2026, on=D(2027, 1, 5)) == 1
    accrual.refresh_from_db()
    note = ARDocument.objects.get(number=accrual.credit_reference)
    assert (note.credit_kind, note.amount, accrual.status) == ("rebate", Decimal("15750"), "settled")


# -- returns --------------------------------------------------------------------------------------------------


def _shipped(partner, *, beyond_quota: bool):
    if beyond_quota:
        quota(partner, "1")  # a tiny quota: the order is beyond it
    order = ready_order(partner, quantities=(2,))
    ship(order)
    order.refresh_from_db()
    return order


def _inspect(request, **conditions):
    findings = [{"line": line.pk, "unsold": True, "unsoiled": True, "packaging_intact": True, "undamaged": True,
                 **conditions} for line in request.lines.all()]
    return return_services.inspect_return(actor=user("warehouse"), request=request, findings=findings,
                                          warehouse=request.order.warehouse)


@pytest.mark.parametrize(("beyond", "outcome", "share"), [(True, ReturnOutcome.FULL, Decimal("1")),
                                                          (False, ReturnOutcome.DISCOUNTED, Decimal("0.8"))])
def test_return_credit_follows_the_quota_rule(beyond, outcome, share):
    partner = partner_a()
    order = _shipped(partner, beyond_quota=beyond)
    line = order.lines.get()
    request = return_services.request_return(actor=user(p.PARTNER_A_USER), order=order, kind="return",
                                             reason="overstock", lines=[{"order_line": line, "quantity": 1}])
    assert request.beyond_quota is beyond
    request = _inspect(request)
    assert request.lines.get().outcome == outcome
    on_hand_before = StockLevel.objects.get(product=line.product, warehouse=order.warehouse).on_hand
    approved = return_services.approve_return(actor=user("sales_admin"), request=request)
    assert approved.status == ReturnStatus.APPROVED
    assert approved.credit_amount == (line.unit_price * share).quantize(Decimal("0.01"))
    note = ARDocument.objects.get(number=approved.credit_reference)
    assert (note.credit_kind, note.amount) == ("return", approved.credit_amount)
    line.refresh_from_db()
    assert line.returned_quantity == 1
    assert StockLevel.objects.get(product=line.product, warehouse=order.warehouse).on_hand == on_hand_before + 1


def test_damaged_goods_are_rejected_by_the_rule_and_cannot_be_approved(settings):
    order = _shipped(partner_a(), beyond_quota=True)
    request = return_services.request_return(actor=user(p.PARTNER_A_USER), order=order, kind="exchange",
                                             reason="colour", lines=[{"order_line": order.lines.get(),
                                                                      "quantity": 1}])
    with english(settings):
        request = _inspect(request, undamaged=False)
    line = request.lines.get()
    assert line.outcome == ReturnOutcome.REJECTED and "damaged" in line.outcome_reason
    with pytest.raises(StateConflict):
        return_services.approve_return(actor=user("sales_admin"), request=request)
    rejected = return_services.reject_return(actor=user("sales_admin"), request=request, reason="外观损坏")
    assert rejected.status == ReturnStatus.REJECTED


def test_cannot_return_more_than_shipped_or_an_unshipped_order():
    partner = partner_a()
    order = _shipped(partner, beyond_quota=False)
    with pytest.raises(ValidationError):
        return_services.request_return(actor=user(p.PARTNER_A_USER), order=order, kind="return", reason="overstock",
                                       lines=[{"order_line": order.lines.get(), "quantity": 3}])
    waiting = ready_order(partner, quantities=(1,), products=[order.lines.get().product])
    with pytest.raises(StateConflict):
        return_services.request_return(actor=user(p.PARTNER_A_USER), order=waiting, kind="return",
                                       reason="overstock", lines=[{"order_line": waiting.lines.get(),
                                                                   "quantity": 1}])
