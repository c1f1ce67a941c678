"""Postprocessing of the OpenAPI document (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]): what
holds for every operation of a kind, stated once instead of in each view."""

ERROR_REF = {"$ref": "#/components/schemas/Error"}


def paginated_lists_404(result, generator, request, public):
    """Every paginated list answers 404 not_found for a page past the last one, or a `page`
    that is not a page number (`?page=0`, `?page=x`): DRF's PageNumberPagination."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            parameters = operation.get("parameters", [])
            if any(p.get("in") == "query" and p.get("name") == "page" for p in parameters):
                operation["responses"].setdefault("404", {
                    "description": "not_found: a page past the last one, or not a page number.",
                    "content": {"application/json": {"schema": ERROR_REF}},
                })
    return result
