# One image for both roles: `web` (daphne) and `worker` (Celery on a GPU); see docker-compose.yml.
# TORCH=cuda (default) installs PyPI's CUDA build of torch for NVIDIA GPUs; TORCH=cpu the small
# CPU-only build (a CPU worker, or a web-only image).
FROM python:3.11-slim

ARG TORCH=cuda
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/app/var \
    MEDIA_ROOT=/app/var/media \
    KANDINSKY_MODELS_DIR=/models \
    HF_HUB_OFFLINE=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 app

WORKDIR /app
# Dependencies first, so a code change does not reinstall torch.
RUN if [ "$TORCH" = cpu ]; then \
        pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu; \
    else \
        pip install torch==2.13.0; \
    fi
COPY pyproject.toml ./
# The project installs no packages of its own (the code runs from /app): this is its dependencies.
RUN pip install .

COPY . .
# Translations and static files are built into the image. The throwaway key only serves this
# step (without one, settings would write a generated key into the image).
RUN export SECRET_KEY=image-build-only \
    && python manage.py compilemessages --ignore '.venv/*' --ignore 'var/*' -v 0 \
    && python manage.py collectstatic --noinput -v 0 \
    && mkdir -p /app/var/media /models \
    && chown -R app:app /app/var /models

USER app
EXPOSE 8000
# A reconnect storm queues handshakes for longer than daphne's 5 s default (docs/reliability.md).
CMD ["daphne", "-b", "0.0.0.0", "-p", "8000", "--websocket_connect_timeout", "60", "config.asgi:application"]
