"""The pure channel rules, with the numbers the seed ships (domain.md §4 and our marked defaults)."""

import datetime
from decimal import Decimal

import pytest
from django.utils.translation import gettext as _

from apps.channels import rules
from apps.channels.parameters import PARAMETERS

SEEDED = {p.key: p.default for p in PARAMETERS}
AGENT, DISTRIBUTOR, TRIAL = (SEEDED[f"channels.admission.{t}"] for t in ("agent", "distributor", "trial_distributor"))


def facts(**overrides) -> rules.Facts:
    """A candidate that clears every agent threshold exactly, with all documents."""
    values = {"current_stage": "distributor", "registered_capital": Decimal("500000"), "years_in_trade": 3,
              "annual_sales_capacity": Decimal("2000000"), "cash_flow": Decimal("300000"),
              "evidence": frozenset({"credit_documents", "team_details", "sales_plan", "feasibility_report"})}
    return rules.Facts(**{**values, **overrides})


def result(evaluation, code):
    return next(c for c in evaluation.criteria if c.code == code)


def test_the_seeded_thresholds_are_the_domain_defaults():
    assert (AGENT["min_registered_capital"], AGENT["min_years_in_trade"], AGENT["min_annual_sales_capacity"],
            AGENT["min_cash_flow"]) == (500000, 3, 2000000, 300000)
    assert (DISTRIBUTOR["min_registered_capital"], DISTRIBUTOR["min_years_in_trade"],
            DISTRIBUTOR["min_annual_sales_capacity"]) == (200000, 2, 500000)
    assert AGENT["no_breach_record"] and AGENT["no_arrears_record"] and DISTRIBUTOR["no_breach_record"]
    assert SEEDED["channels.trial_notice_days"] == 7


BOUNDARIES = [
    ("agent", AGENT, "min_registered_capital", "registered_capital", Decimal("500000"), Decimal("499999.99")),
    ("agent", AGENT, "min_years_in_trade", "years_in_trade", 3, 2),
    ("agent", AGENT, "min_annual_sales_capacity", "annual_sales_capacity", Decimal("2000000"), Decimal("1999999.99")),
    ("agent", AGENT, "min_cash_flow", "cash_flow", Decimal("300000"), Decimal("299999.99")),
    ("distributor", DISTRIBUTOR, "min_registered_capital", "registered_capital", Decimal("200000"),
     Decimal("199999.99")),
    ("distributor", DISTRIBUTOR, "min_years_in_trade", "years_in_trade", 2, 1),
    ("distributor", DISTRIBUTOR, "min_annual_sales_capacity", "annual_sales_capacity", Decimal("500000"),
     Decimal("499999.99")),
    ("trial_distributor", TRIAL, "min_registered_capital", "registered_capital", Decimal("50000"),
     Decimal("49999.99")),
    ("trial_distributor", TRIAL, "min_years_in_trade", "years_in_trade", 1, 0),
    ("trial_distributor", TRIAL, "min_annual_sales_capacity", "annual_sales_capacity", Decimal("100000"),
     Decimal("99999.99")),
]


@pytest.mark.parametrize(("tier", "limits", "code", "fact", "at", "below"), BOUNDARIES,
                         ids=[f"{b[0]}-{b[2]}" for b in BOUNDARIES])
def test_a_minimum_is_met_at_the_threshold_and_missed_just_below(tier, limits, code, fact, at, below):
    met = rules.evaluate(tier, facts(**{fact: at}), limits)
    missed = rules.evaluate(tier, facts(**{fact: below}), limits)
    assert result(met, code).passed and met.passed
    assert not result(missed, code).passed and not missed.passed
    assert result(missed, code).value == below and result(missed, code).threshold == Decimal(str(at))


@pytest.mark.parametrize(("tier", "limits"), [("agent", AGENT), ("distributor", DISTRIBUTOR),
                                              ("trial_distributor", TRIAL)])
def test_a_breach_record_fails_every_tier(tier, limits):
    evaluation = rules.evaluate(tier, facts(has_breach_record=True), limits)
    assert not result(evaluation, "no_breach_record").passed and not evaluation.passed


def test_withholding_suppliers_payments_fails_an_agent_but_is_not_asked_of_a_distributor():
    assert not rules.evaluate("agent", facts(has_arrears_record=True), AGENT).passed
    distributor = rules.evaluate("distributor", facts(has_arrears_record=True), DISTRIBUTOR)
    assert distributor.passed and "no_arrears_record" not in {c.code for c in distributor.criteria}


def test_not_being_a_partner_yet_is_advisory_for_an_agent():
    evaluation = rules.evaluate("agent", facts(current_stage="applicant"), AGENT)
    advisory = result(evaluation, "from_stages")
    assert not advisory.passed and not advisory.required
    assert evaluation.passed


def test_each_missing_agent_document_fails_with_no_attachment_shown():
    evaluation = rules.evaluate("agent", facts(evidence=frozenset({"credit_documents"})), AGENT)
    failed = {c.code for c in evaluation.failed}
    assert failed == {"document:team_details", "document:sales_plan", "document:feasibility_report"}
    assert result(evaluation, "document:sales_plan").attachment_present is False


def test_team_details_may_be_written_instead_of_attached():
    evaluation = rules.evaluate("agent", facts(evidence=frozenset({"credit_documents", "sales_plan",
                                                                   "feasibility_report"}),
                                               texts={"team_details": "销售 6 人"}), AGENT)
    assert evaluation.passed and result(evaluation, "document:team_details").attachment_present is False


def test_integrator_criteria_are_confirmed_by_the_reviewer():
    limits = SEEDED["channels.admission.integrator"]
    unchecked = rules.evaluate("integrator", facts(texts={"capability": "集成团队 8 人"}), limits)
    assert {c.code for c in unchecked.failed} == {"check:capability", "check:product_lines",
                                                  "check:downstream_customers", "check:credit"}
    assert result(unchecked, "check:capability").value == "集成团队 8 人"
    checked = rules.evaluate("integrator", facts(reviewer_checks=dict.fromkeys(rules.CHECK_LABELS, True)), limits)
    assert checked.passed


def test_contractors_need_construction_capability_and_credit_only():
    limits = SEEDED["channels.admission.contractor"]
    evaluation = rules.evaluate("contractor", facts(reviewer_checks={"capability": True, "credit": True}), limits)
    assert evaluation.passed
    assert {c.code for c in evaluation.criteria} == {"no_breach_record", "document:credit_documents",
                                                     "check:capability", "check:credit"}


def test_evaluation_as_dict_is_json_ready():
    data = rules.evaluate("agent", facts(registered_capital=Decimal("400000")), AGENT).as_dict()
    capital = next(c for c in data["criteria"] if c["code"] == "min_registered_capital")
    assert data["passed"] is False
    assert capital == {"code": "min_registered_capital", "label": _("Registered capital"), "passed": False,
                       "required": True, "value": "400000", "threshold": "500000",
                       "evidence_kind": "business_licence", "attachment_present": False}


# -- trial term ---------------------------------------------------------------------------------------------------

START = datetime.date(2026, 1, 1)


def test_a_180_day_trial_ends_on_its_180th_day():
    assert rules.trial_end(START, 180) == datetime.date(2026, 6, 29)


@pytest.mark.parametrize(("today", "expired"), [(datetime.date(2026, 6, 29), False),
                                                (datetime.date(2026, 6, 30), True)])
def test_a_trial_expires_the_day_after_its_last_day(today, expired):
    assert rules.trial_expired(today, datetime.date(2026, 6, 29)) is expired


@pytest.mark.parametrize(("today", "due"), [
    (datetime.date(2026, 6, 21), False),  # 8 days before the last day
    (datetime.date(2026, 6, 22), True),  # 7 days before
    (datetime.date(2026, 6, 29), True),  # the last day, if the notice was missed
    (datetime.date(2026, 6, 30), False),  # too late: the trial has ended
])
def test_the_trial_notice_is_due_from_7_days_before_the_end(today, due):
    assert rules.trial_notice_due(today, datetime.date(2026, 6, 29), 7, None) is due


def test_the_trial_notice_is_sent_once():
    assert not rules.trial_notice_due(datetime.date(2026, 6, 25), datetime.date(2026, 6, 29), 7,
                                      datetime.date(2026, 6, 22))


# -- scorecards ---------------------------------------------------------------------------------------------------

WEIGHTS = SEEDED["channels.scorecard_weights"]
THRESHOLD = SEEDED["channels.scorecard_poor_threshold"]


def test_sales_score_is_quota_attainment_capped_at_100():
    assert rules.sales_score(Decimal("450000"), Decimal("600000")) == 75
    assert rules.sales_score(Decimal("900000"), Decimal("600000")) == 100
    assert rules.sales_score(Decimal("1"), None) is None


def test_each_justified_complaint_costs_20_points_down_to_zero():
    assert [rules.complaints_score(n, SEEDED["channels.scorecard_complaint_penalty"]) for n in (0, 1, 4, 6)] == [
        100, 80, 20, 0]


def test_total_is_the_weighted_average_with_the_seeded_weights():
    scores = {"service_level": 90, "sales": 90, "payment": 85, "complaints": 80}
    assert rules.scorecard_total(scores, WEIGHTS) == Decimal("88.0")  # (90·30 + 90·40 + 85·20 + 80·10) / 100


def test_total_waits_for_every_weighted_item():
    assert rules.scorecard_total({"service_level": 90, "sales": 90, "payment": 85}, WEIGHTS) is None


@pytest.mark.parametrize(("total", "before", "expected"), [
    (Decimal("60.0"), False, ""), (Decimal("59.9"), False, "training"), (Decimal("59.9"), True, "elimination"),
    (Decimal("75.0"), True, ""),
])
def test_poor_scorers_are_trained_then_reviewed_for_elimination(total, before, expected):
    assert rules.follow_up(total, THRESHOLD, previously_flagged=before) == expected


@pytest.mark.parametrize(("day", "quarter"), [
    (datetime.date(2026, 1, 1), (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))),
    (datetime.date(2026, 11, 25), (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))),
])
def test_quarter_of_a_day(day, quarter):
    assert rules.quarter_of(day) == quarter


def test_previous_quarter_crosses_the_year():
    assert rules.previous_quarter(datetime.date(2026, 2, 10)) == (datetime.date(2025, 10, 1),
                                                                  datetime.date(2025, 12, 31))
