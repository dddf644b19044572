"""Rates are counted in the shared cache: Redis in production, so every worker counts the
same requests (a per-process cache lets each worker grant the full rate)."""

from __future__ import annotations

import os
import uuid

import pytest
from django.core.cache import caches

from tests.api.conftest import World, error_fields

# Redis db 5 is this suite's (the other tests do not use it); CI may name another.
REDIS_URL = os.environ.get("API_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture
def redis_cache(settings):
    """The default cache on Redis, with a prefix of its own so runs never share counters."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-throttle-{uuid.uuid4().hex}",
        }
    }
    cache = caches["default"]
    assert "Redis" in type(cache).__name__
    yield cache
    cache.clear()


def _rates(settings, **rates):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
    }


def test_requests_past_the_rate_get_429_counted_in_redis(world: World, settings, redis_cache):
    _rates(settings, user="5/min")
    hr = world.client("hr")
    codes = [hr.get("/api/v1/sites/").status_code for _ in range(8)]
    assert codes == [200] * 5 + [429] * 3
    answer = hr.get("/api/v1/sites/")
    assert int(answer["Retry-After"]) > 0 and error_fields(answer) == [None]
    assert any(key for key in redis_cache._cache.get_client().scan_iter("*throttle_user*"))


def test_solving_has_a_stricter_rate_of_its_own(world: World, settings, redis_cache):
    _rates(settings, user="100/min", solve="2/hour")
    hr = world.client("hr")
    url = f"/api/v1/plans/{world.plan.pk}/solve/"
    codes = [hr.post(url, {"time_limit_s": 1}).status_code for _ in range(3)]
    assert codes == [202, 202, 429]
    assert hr.get("/api/v1/sites/").status_code == 200  # other calls still go through
