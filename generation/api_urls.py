"""REST API v1 routes of the generation app (jobs, styles, models, schema)."""

urlpatterns = []
