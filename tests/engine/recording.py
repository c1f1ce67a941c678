"""A stand-in that records what the engine asks of a pipeline or encoder, and passes it on."""


class Recording:
    """Wraps a pipeline or encoder, recording each call's keyword arguments and its output."""

    def __init__(self, inner):
        self.inner, self.calls = inner, []

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def __call__(self, *args, **kwargs):
        out = self.inner(*args, **kwargs)
        self.calls.append((kwargs, out))
        return out
