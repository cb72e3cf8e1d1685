from django.urls import path

from . import pipeline, pipeline_activities, pipeline_leads

# Mounted under /customers/pipeline/ in the customers namespace.
urlpatterns = [
    path("my-day/", pipeline_activities.my_day, name="my-day"),
    path("visits/", pipeline_activities.visit_week, name="visit-plans"),
    path("visits/add/", pipeline_activities.visit_add, name="visit-add"),
    path("visits/<int:pk>/move/", pipeline_activities.visit_move, name="visit-move"),
    path("visits/<int:pk>/remove/", pipeline_activities.visit_remove, name="visit-remove"),
    path("visits/<int:pk>/done/", pipeline_activities.visit_done, name="visit-done"),
    path("customers/<int:customer_pk>/log/", pipeline_activities.activity_create, name="activity-create"),
    path("activities/<int:pk>/edit/", pipeline_activities.activity_edit, name="activity-edit"),
    path("opportunities/", pipeline.opportunity_list, name="opportunities"),
    path("opportunities/board/", pipeline.board, name="board"),
    path("opportunities/funnel/", pipeline.funnel, name="funnel"),
    path("opportunities/new/", pipeline.opportunity_create, name="opportunity-create"),
    path("opportunities/<int:pk>/", pipeline.opportunity_detail, name="opportunity-detail"),
    path("opportunities/<int:pk>/edit/", pipeline.opportunity_edit, name="opportunity-edit"),
    path("opportunities/<int:pk>/move/", pipeline.opportunity_move, name="opportunity-move"),
    path("leads/", pipeline_leads.lead_list, name="leads"),
    path("leads/new/", pipeline_leads.lead_create, name="lead-create"),
    path("leads/<int:pk>/", pipeline_leads.lead_detail, name="lead-detail"),
    path("leads/<int:pk>/edit/", pipeline_leads.lead_edit, name="lead-edit"),
    path("leads/<int:pk>/<slug:action>/", pipeline_leads.lead_action, name="lead-action"),
]
