"""The feed: `/cal/<token>.ics`, one employee's sessions or one plan's, for calendar apps.

The token is a credential in the path, so no answer here lets the path reach a log:
Django logs every 4xx response with its path (django.request), its CSRF check logs refused
POSTs with theirs (django.security.csrf), and its conditional-request helper logs 412s; so
the feed is exempt from CSRF (it changes nothing), answers its own 404/405 (any path under
/cal/, near misses included), and handles only the GET conditions. Whatever still logs a
path has the token masked (rotations.logfilters).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.views.decorators.csrf import csrf_exempt

from calendars.drafts import employee_drafts, feed_since, plan_drafts
from calendars.models import FeedToken
from calendars.render import calendar_render
from calendars.state import Stamped, stamp
from calendars.tokens import feed_token_lookup
from calendars.validators import feed_state, feed_state_store

CONTENT_TYPE = "text/calendar; charset=utf-8"
CACHE_SECONDS = 3600
RENDER_VERSION = 1  # raise when render.py changes what it writes

logger = logging.getLogger(__name__)


def _unlogged(response: HttpResponse) -> HttpResponse:
    """Mark the response as logged, so django.request does not write the path."""
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _feed(record: FeedToken, since: dt.datetime) -> tuple[bytes, dt.datetime]:
    if record.employee is not None:
        drafts = employee_drafts(employee=record.employee, since=since)
        name = f"Shadowing: {record.employee.name}"
    else:
        assert record.plan is not None  # noqa: S101  (the check constraint says so)
        drafts = plan_drafts(plan=record.plan, since=since)
        name = f"Rotation plan: {record.plan.name}"
    events = stamp(drafts)
    newest = max((e.dtstamp for e in events), default=record.created_at)
    return _rendered(events, name), newest


def _rendered(events: list[Stamped], name: str) -> bytes:
    """The body, from the cache when the same events were rendered before.

    Serialising is most of a feed's cost; the key is everything the body depends on, so
    a hit gives the very bytes a render would (and the 304 path renders nothing).
    """
    content = repr((RENDER_VERSION, name, settings.CALENDAR_ORGANIZER_EMAIL, events))
    key = f"calendars:feed:{hashlib.sha256(content.encode()).hexdigest()}"
    try:
        body = cache.get(key)
    except Exception:  # the cache (Redis) out of reach: render, as on a miss
        logger.warning("feed cache out of reach; rendering", exc_info=True)
        return calendar_render(events=events, method="PUBLISH", name=name)
    if not isinstance(body, bytes):
        body = calendar_render(events=events, method="PUBLISH", name=name)
        try:
            cache.set(key, body, timeout=CACHE_SECONDS)
        except Exception:
            logger.warning("feed cache out of reach; not stored", exc_info=True)
    return body


def _last_modified(record: FeedToken, etag: str, newest: dt.datetime) -> dt.datetime:
    """Last-Modified of this body: the newest change in it, but never before the last one.

    Events can leave a feed (cancelled, or out of the rolling window) without anything newer
    coming in; the token remembers its last answer so the date still moves forward.
    """
    if record.etag == etag and record.last_modified is not None:
        return record.last_modified
    moment = newest.replace(microsecond=0)
    if record.last_modified is not None and moment <= record.last_modified:
        moment = record.last_modified + dt.timedelta(seconds=1)
    FeedToken.objects.filter(pk=record.pk).exclude(etag=etag).update(
        etag=etag, last_modified=moment
    )
    return moment


def _not_modified(request: HttpRequest, etag: str, last_modified: dt.datetime) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:  # it wins over If-Modified-Since (RFC 9110 13.1.3)
        tags = parse_etags(if_none_match)
        return "*" in tags or etag in {t.removeprefix("W/") for t in tags}
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and int(last_modified.timestamp()) <= since


def _refused(request: HttpRequest) -> HttpResponse | None:
    if request.method in ("GET", "HEAD"):
        return None
    response = HttpResponse(status=405)
    response["Allow"] = "GET, HEAD"
    return _unlogged(response)


def _not_found() -> HttpResponse:
    return _unlogged(HttpResponse("Not found\n", status=404, content_type="text/plain"))


@csrf_exempt  # read-only; a refused POST must not be logged with its path by the CSRF check
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /cal/ (`/cal/T.ics/`, `/cal/T.ICS`): 404 or 405, unlogged."""
    return _refused(request) or _not_found()


@csrf_exempt  # read-only; a refused POST must not be logged with its path by the CSRF check
def feed(request: HttpRequest, token: str) -> HttpResponse:
    refused = _refused(request)
    if refused is not None:
        return refused
    record = feed_token_lookup(token)
    if record is None or (record.employee is not None and not record.employee.active):
        return _not_found()
    since = feed_since()
    # The stored validator first: when nothing the body depends on changed since the last
    # answer, its ETag and Last-Modified still hold, and a match is a 304 without reading
    # or rendering a session (calendars.validators).
    state = feed_state(record=record, since=since, render_version=RENDER_VERSION)
    known = record.last_modified if record.etag and record.state == state else None
    if known is not None and _not_modified(request, record.etag, known):
        return _headers(_not_modified_response(), record.etag, known)
    body, newest = _feed(record, since)
    etag = f'"{hashlib.sha256(body).hexdigest()[:40]}"'
    last_modified = _last_modified(record, etag, newest)
    feed_state_store(record=record, state=state, etag=etag)
    if _not_modified(request, etag, last_modified):
        response = _not_modified_response()
    else:
        response = HttpResponse(
            b"" if request.method == "HEAD" else body, content_type=CONTENT_TYPE
        )
        response["Content-Length"] = str(len(body))
    return _headers(response, etag, last_modified)


def _not_modified_response() -> HttpResponse:
    # No Content-Type, no Content-Length: a 304 has no body to describe (RFC 9110 8.6,
    # 15.4.5); rotations.middleware keeps CommonMiddleware from adding them.
    response = HttpResponse(status=304)
    del response["Content-Type"]
    return response


def _headers(response: HttpResponse, etag: str, last_modified: dt.datetime) -> HttpResponse:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = "private"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
