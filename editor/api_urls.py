"""REST API v1 routes of the editor app (saved images, public gallery)."""

urlpatterns = []
