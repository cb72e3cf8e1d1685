"""URLs of return visits, the follow-up queue and the customer's satisfaction page (included by urls.py)."""

from django.urls import path

from .views import visit_steps, visit_survey, visits

urlpatterns = [
    path("return-visits/", visits.visit_queue, name="visits"),
    path("return-visits/<int:pk>/", visits.visit_detail, name="visit"),
    path("return-visits/<int:pk>/record/", visits.visit_record, name="visit-record"),
    path("return-visits/<int:pk>/do/<slug:action>/", visits.visit_action, name="visit-action"),
    path("return-visits/follow-ups/", visit_steps.follow_ups, name="follow-ups"),
    path("return-visits/follow-ups/<int:pk>/complete/", visit_steps.complete_step, name="step-complete"),
    path("satisfaction/<str:token>/", visit_survey.survey, name="survey"),
]
