"""docker-compose.yml + Dockerfile, the production shape. Docker cannot run here, so the file
is checked against the project: every command resolves, volumes and health checks agree."""

import re
from urllib.parse import urlsplit

import pytest
import yaml
from django.conf import settings

from .commands import options, resolve, worker_queues
from .conftest import ROOT

APP_SERVICES = ("web", "worker", "scheduler", "telegram-bot")


def interpolate(text):
    """Compose's ${NAME:-default} / ${NAME:?error} / ${NAME}, with no variables set."""
    text = re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", text)
    text = re.sub(r"\$\{\w+:\?[^}]*\}", "set-by-operator", text)
    return re.sub(r"\$\{\w+\}", "", text)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(interpolate((ROOT / "docker-compose.yml").read_text()))


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def mounts(service):
    return dict(volume.split(":")[:2][::-1] for volume in service.get("volumes", []))  # path → volume


def test_the_services(services):
    assert set(services) == {"postgres", "redis", *APP_SERVICES}
    for name in APP_SERVICES:
        assert services[name]["build"]["context"] == "."


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_command_resolves_in_the_project(services, name):
    service = services[name]
    assert resolve(service["command"])
    healthcheck = service.get("healthcheck", {}).get("test")
    if healthcheck:
        assert healthcheck[0] == "CMD"
        resolve(healthcheck[1:])


def test_the_image_default_command_resolves():
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = re.search(r"^CMD (\[.*\])$", dockerfile, re.M).group(1)
    assert [program for program, _ in resolve(yaml.safe_load(cmd))] == ["daphne"]
    # What the image build runs must exist too.
    assert re.search(r"^FROM python:3\.11-slim", dockerfile, re.M)
    for command in re.findall(r"python (manage\.py \w+)", dockerfile):
        resolve(["python", *command.split()])
    assert "gettext" in dockerfile


def test_web_migrates_then_serves_on_all_interfaces(services):
    programs = resolve(services["web"]["command"])
    assert [program for program, _ in programs] == ["python", "daphne"]
    assert programs[0][1][1:3] == ["manage.py", "migrate"]
    daphne = programs[1][1]
    assert options(daphne)["-b"] == "0.0.0.0"
    assert services["web"]["ports"] == [f"8000:{options(daphne)['-p']}"]


def test_the_gpu_worker_runs_one_job_at_a_time_on_a_reserved_gpu(services):
    worker = services["worker"]
    argv = worker["command"]
    assert worker_queues(argv) == {"gpu"}
    assert options(argv)["-c"] == "1"
    devices = worker["deploy"]["resources"]["reservations"]["devices"]
    assert devices[0]["driver"] == "nvidia" and "gpu" in devices[0]["capabilities"]
    assert mounts(worker)[worker["environment"]["KANDINSKY_MODELS_DIR"]] == "models"


def test_some_worker_takes_every_queue_tasks_are_routed_to(services):
    taken = set().union(*(worker_queues(services[name]["command"]) for name in ("worker", "scheduler")))
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed | {settings.CELERY_TASK_DEFAULT_QUEUE} <= taken
    # The periodic sweep needs exactly one beat.
    beats = [name for name in APP_SERVICES if "-B" in services[name]["command"]]
    assert beats == ["scheduler"]


def test_web_and_workers_share_the_media_volume(services):
    for name in APP_SERVICES:
        service = services[name]
        assert mounts(service)[service["environment"]["MEDIA_ROOT"]] == "media"


def test_every_named_volume_is_declared_and_used(compose, services):
    used = {volume for service in services.values() for volume in mounts(service).values()}
    assert used == set(compose["volumes"]) == {"pgdata", "redis-data", "media", "models"}
    assert mounts(services["postgres"])["/var/lib/postgresql/data"] == "pgdata"
    assert mounts(services["redis"])["/data"] == "redis-data"


def test_health_dependencies_have_health_checks(services):
    for name, service in services.items():
        for dependency, how in service.get("depends_on", {}).items():
            assert dependency in services, f"{name} depends on an unknown service {dependency}"
            if how["condition"] == "service_healthy":
                assert "healthcheck" in services[dependency], f"{dependency} has no healthcheck"


def test_redis_persists_and_never_evicts(services):
    command = services["redis"]["command"]
    assert options(command)["--appendonly"] == "yes"
    assert options(command)["--maxmemory-policy"] == "noeviction"


def test_the_app_environment_points_at_the_services(services):
    env = services["web"]["environment"]
    for name in APP_SERVICES:
        assert services[name]["environment"] == env
    source = (ROOT / "config" / "settings.py").read_text()
    for variable in env:  # a misspelt variable would silently do nothing
        assert re.search(rf'env_\w+\("{variable}"', source), f"settings.py does not read {variable}"
    for variable in ("SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DATABASE_URL", "REDIS_URL"):
        assert env[variable]

    database = urlsplit(env["DATABASE_URL"])
    postgres = services["postgres"]["environment"]
    assert database.hostname == "postgres"
    assert (database.username, database.password) == (postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"])
    assert database.path == "/" + postgres["POSTGRES_DB"]
    assert urlsplit(env["REDIS_URL"]).hostname == "redis"
    assert env["DEBUG"] == "false"
