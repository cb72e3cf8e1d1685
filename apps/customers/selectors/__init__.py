"""Reads of customer data, always starting from the access scope. One module per concern; import from here."""

from .archive import (
    DIMENSIONS,
    RECORD_LABEL,
    SORTS,
    CustomerCard,
    composition_for,
    find_duplicates_for,
    get_attachment,
    get_contact,
    get_customer_for,
    list_attachments,
    list_customers_for,
    list_flagged_duplicates_for,
    list_page_for,
    lookup_digits,
    open_opportunities,
    opportunity_item,
    phone_card_for,
    search_filter,
)

__all__ = ["DIMENSIONS", "RECORD_LABEL", "SORTS", "CustomerCard", "composition_for", "find_duplicates_for",
           "get_attachment", "get_contact", "get_customer_for", "list_attachments", "list_customers_for",
           "list_flagged_duplicates_for", "list_page_for", "lookup_digits", "open_opportunities", "opportunity_item",
           "phone_card_for", "search_filter"]

from .pipeline import (
    Column,
    FunnelRow,
    about_to_be_reclaimed_for,
    assignable_users_for,
    board_for,
    customer_choices_for,
    funnel_for,
    get_activity_for,
    get_lead_for,
    get_opportunity_for,
    get_visit_plan_for,
    list_activities_for,
    list_leads_for,
    list_opportunities_for,
    list_visit_plans_for,
    monday_of,
    my_day_for,
    my_pipeline_for,
    visit_week_for,
)

__all__ += ["Column", "FunnelRow", "about_to_be_reclaimed_for", "assignable_users_for", "board_for",
            "customer_choices_for", "funnel_for", "get_activity_for", "get_lead_for", "get_opportunity_for",
            "get_visit_plan_for", "list_activities_for", "list_leads_for", "list_opportunities_for",
            "list_visit_plans_for", "monday_of", "my_day_for", "my_pipeline_for", "visit_week_for"]
