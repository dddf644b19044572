# The one image behind web, worker and beat (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
RUN useradd --create-home --uid 10001 rotations

COPY pyproject.toml README.md manage.py ./
COPY optimizer ./optimizer
COPY rotations ./rotations
COPY api ./api
COPY calendars ./calendars
RUN pip install . \
    && DEBUG=false SECRET_KEY=collectstatic-only-not-a-secret python manage.py collectstatic --noinput

USER rotations
EXPOSE 8000
CMD ["gunicorn", "rotations.wsgi:application", "--bind", "0.0.0.0:8000"]
