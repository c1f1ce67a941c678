"""Engine exceptions. The web layer maps `code` to translated text, so codes are the contract."""


class EngineError(Exception):
    """Bad input or an unusable backend, reported with a stable machine code."""

    def __init__(self, code: str, message: str, **details):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details

    def __repr__(self):
        return f"EngineError({self.code!r}, {self.message!r}, {self.details!r})"


class Cancelled(Exception):
    """Raised when the caller's should_stop() returned true during a generation."""
