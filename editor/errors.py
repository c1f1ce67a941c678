"""Refusals with a stable machine code and a translated message, shaped for the API."""


class CodedError(Exception):
    """`code` for machines, `message` (already translated) for people, optional `field`."""

    status = 400

    def __init__(self, code, message, field=None, status=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        if status is not None:
            self.status = status

    def as_dict(self):
        fields = {self.field: [str(self.message)]} if self.field else {}
        return {"error": {"code": self.code, "message": str(self.message), "fields": fields}}
