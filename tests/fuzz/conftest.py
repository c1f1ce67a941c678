from tests.jobs.conftest import engine_ready, tiny_backend  # noqa: F401
