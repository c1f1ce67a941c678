"""REST API v1 routes of the generation app (jobs, styles, models, schema)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from generation.api import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="api-schema"),
    path("styles/", views.StylesView.as_view(), name="api-styles"),
    path("models/", views.ModelsView.as_view(), name="api-models"),
    path("jobs/", views.JobsView.as_view(), name="api-jobs"),
    path("jobs/<uuid:job_id>/", views.JobView.as_view(), name="api-job"),
    path("jobs/<uuid:job_id>/cancel/", views.JobCancelView.as_view(), name="api-job-cancel"),
]
