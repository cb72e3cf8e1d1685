"""Who sees which customers and may do what with them; every customer read starts here."""

from django.db.models import QuerySet

from core.scopes import restrict

from .models import Activity, Contact, Customer, Lead, Opportunity, VisitPlan


def customers_visible_to(user) -> QuerySet[Customer]:
    """Customers in the user's data scope (merged-away duplicates excluded)."""
    return restrict(Customer.objects.filter(merged_into__isnull=True), user)


def pool_visible_to(user) -> QuerySet[Customer]:
    """The public pool (公海): every unowned customer, for users who may claim."""
    if not can_claim(user):
        return Customer.objects.none()
    return Customer.objects.filter(in_pool=True, merged_into__isnull=True)


def contacts_visible_to(user) -> QuerySet[Contact]:
    return restrict(Contact.objects.all(), user)


def activities_visible_to(user) -> QuerySet[Activity]:
    return restrict(Activity.objects.all(), user)


def opportunities_visible_to(user) -> QuerySet[Opportunity]:
    return restrict(Opportunity.objects.all(), user)


def visit_plans_visible_to(user) -> QuerySet[VisitPlan]:
    return restrict(VisitPlan.objects.all(), user)


def leads_visible_to(user) -> QuerySet[Lead]:
    return restrict(Lead.objects.all(), user)


def can_view_customers(user) -> bool:
    return user.is_authenticated and user.has_perm("customers.view_customer")


def can_create_customer(user) -> bool:
    return user.is_authenticated and user.has_perm("customers.add_customer")


def can_edit_customer(user, customer: Customer) -> bool:
    """Edit rights on a customer the user can already see."""
    return user.is_authenticated and user.has_perm("customers.change_customer")


def can_view_full_phone(user) -> bool:
    return user.is_authenticated and user.has_perm("org.view_full_phone")


def can_export(user) -> bool:
    return user.is_authenticated and user.has_perm("customers.export_customer")


def can_import(user) -> bool:
    return user.is_authenticated and user.has_perm("customers.import_customer")


def can_merge(user) -> bool:
    return user.is_authenticated and user.has_perm("customers.merge_customer")


def can_reassign(user) -> bool:
    return user.is_authenticated and user.has_perm("customers.reassign_customer")


def can_claim(user) -> bool:
    return user.is_authenticated and user.has_perm("customers.claim_customer")
