"""The API's page-number pagination (REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"])."""

from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination


class StrictPageNumberPagination(PageNumberPagination):
    """DRF's, except that an empty `?page=` is not silently page 1: like `?page=x` it is no
    page number, so 404 not_found, as the schema's integer `page` says."""

    def get_page_number(self, request, paginator):
        number = request.query_params.get(self.page_query_param)
        if number is not None and not number.strip():
            raise NotFound()
        return super().get_page_number(request, paginator)
