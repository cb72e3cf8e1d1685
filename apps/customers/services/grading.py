"""Customer grades (客户等级): regrading by the dated grade rules, one customer or all, and changes by hand."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core import rules as rule_values

from ..choices import Grade
from ..models import Customer, GradeChange
from ..rules import grade_for

GRADE_RULES = "customers.grade_rules"
CHUNK = 2000


def grade_rules(on: datetime.date | None = None) -> list[dict]:
    """The grade rule table in force on `on` (today by default)."""
    return rule_values.value(GRADE_RULES, on=on)


def _computed(customer: Customer, rules: list[dict]) -> str:
    return grade_for(customer.annual_purchase, customer.payment_score, customer.potential_score, rules)


@transaction.atomic
def regrade_customer(*, actor, customer: Customer) -> GradeChange | None:
    """Apply today's grade rules to one customer; records the change, if any."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    new_grade = _computed(customer, grade_rules())
    if new_grade == customer.grade:
        return None
    return _set_grade(actor=actor, customer=customer, grade=new_grade, reason=_("Regraded by the grade rules"))


@transaction.atomic
def change_grade(*, actor, customer: Customer, grade: str, reason: str) -> GradeChange:
    """Set a customer's grade by hand, with a reason (kept in the grade history)."""
    if grade not in Grade.values:
        raise ValidationError({"grade": [_("Choose a grade from A to D.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Give a reason for the grade change.")]})
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if grade == customer.grade:
        raise ValidationError({"grade": [_("The customer already has this grade.")]})
    return _set_grade(actor=actor, customer=customer, grade=grade, reason=reason.strip())


def _set_grade(*, actor, customer: Customer, grade: str, reason: str) -> GradeChange:
    change = GradeChange.objects.create(customer=customer, old_grade=customer.grade, new_grade=grade, reason=reason,
                                        changed_by=actor)
    customer.grade, customer.updated_by = grade, actor
    customer.save(update_fields=["grade", "updated_by", "updated_at"])
    return change


def regrade_all(*, on: datetime.date | None = None) -> int:
    """Regrade every customer by the rules in force (the daily job); returns how many changed grade.

    Grading inputs are read as plain values in chunks; only the customers whose grade changes are loaded whole,
    updated with history and given a GradeChange, all in bulk.
    """
    rules = grade_rules(on)
    pks = []
    inputs = (Customer.objects.filter(merged_into__isnull=True).order_by("pk")
              .values_list("pk", "grade", "annual_purchase", "payment_score", "potential_score"))
    for pk, grade, purchase, payment, potential in inputs.iterator(chunk_size=CHUNK):
        if grade_for(purchase, payment, potential, rules) != grade:
            pks.append(pk)
    return sum(_apply(pks[start:start + CHUNK], rules) for start in range(0, len(pks), CHUNK))


@transaction.atomic
def _apply(pks: list[int], rules: list[dict]) -> int:
    """Regrade these customers, locked and read again (their inputs may have changed since they were listed)."""
    changed = {}
    for customer in Customer.objects.select_for_update().filter(pk__in=pks):
        new_grade = _computed(customer, rules)
        if new_grade != customer.grade:
            changed[customer] = new_grade
    reason = _("Regraded by the grade rules")
    now = timezone.now()
    GradeChange.objects.bulk_create([GradeChange(customer=c, old_grade=c.grade, new_grade=grade, reason=reason)
                                     for c, grade in changed.items()])
    customers = list(changed)
    for customer in customers:
        customer.grade, customer.updated_by, customer.updated_at = changed[customer], None, now
    bulk_update_with_history(customers, Customer, ["grade", "updated_by", "updated_at"], batch_size=500,
                             default_change_reason=reason, default_date=now)
    return len(customers)
