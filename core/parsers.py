"""The API's JSON parser: DRF's, except that JSON nested too deep for Python's json module
(which raises RecursionError, not ValueError) is a 400 parse error instead of a 500."""

from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("JSON nested too deeply.") from None
