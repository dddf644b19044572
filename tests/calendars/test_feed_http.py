"""How the feed answers: content type, validators (ETag, Last-Modified), 304, HEAD, 404."""

from __future__ import annotations

import logging

import pytest
from django.utils.http import http_date, parse_http_date

from calendars.models import FeedToken
from calendars.tokens import feed_token_issue, feed_token_revoke, token_hash
from rotations.models import Assignment, AssignmentStatus
from tests.calendars.conftest import feed_path, get_feed

pytestmark = pytest.mark.django_db


def test_it_answers_text_calendar_inline_and_private(published, fetch):
    response = fetch(published.shadower("E1"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Disposition" not in response
    assert response["Cache-Control"] == "private"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Content-Length"] == str(len(response.content))


def test_the_etag_is_strong_and_changes_with_the_content(published, client):
    e1 = published.shadower("E1")
    token = feed_token_issue(employee=e1)
    first = get_feed(client, token)
    assert first["ETag"].startswith('"') and not first["ETag"].startswith("W/")
    Assignment.objects.filter(shadower=e1, slot=published.slot(0)).update(
        status=AssignmentStatus.CONFIRMED
    )
    second = get_feed(client, token)
    assert second.content != first.content
    assert second["ETag"] != first["ETag"]


def test_if_none_match_gives_304_with_its_validators(published, client):
    token = feed_token_issue(employee=published.shadower("E1"))
    first = get_feed(client, token)
    again = get_feed(client, token, **{"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]
    other = get_feed(client, token, **{"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_if_modified_since_gives_304_unless_it_changed_since(published, client):
    e1 = published.shadower("E1")
    token = feed_token_issue(employee=e1)
    first = get_feed(client, token)
    since = first["Last-Modified"]
    assert get_feed(client, token, **{"If-Modified-Since": since}).status_code == 304
    earlier = http_date(parse_http_date(since) - 1)
    assert get_feed(client, token, **{"If-Modified-Since": earlier}).status_code == 200

    Assignment.objects.filter(shadower=e1, slot=published.slot(0)).update(
        status=AssignmentStatus.CONFIRMED
    )
    changed = get_feed(client, token, **{"If-Modified-Since": since})
    assert changed.status_code == 200
    assert parse_http_date(changed["Last-Modified"]) > parse_http_date(since)


def test_last_modified_moves_forward_when_an_event_leaves(published, client):
    """The newest event left: the newest remaining one is older, the date must not follow."""
    e1 = published.shadower("E1")
    token = feed_token_issue(employee=e1)
    newest = Assignment.objects.filter(shadower=e1).order_by("-updated_at").first()
    assert newest is not None
    before = parse_http_date(get_feed(client, token)["Last-Modified"])
    Assignment.objects.filter(pk=newest.pk).update(status=AssignmentStatus.DECLINED)
    after = get_feed(client, token)
    assert parse_http_date(after["Last-Modified"]) > before


def test_head_answers_the_headers_without_the_body(published, client):
    token = feed_token_issue(employee=published.shadower("E1"))
    get = get_feed(client, token)
    head = client.head(feed_path(token))
    assert head.status_code == 200
    assert head.content == b""
    for header in ("Content-Type", "ETag", "Last-Modified", "Content-Length", "Cache-Control"):
        assert head[header] == get[header]


def test_an_unknown_token_is_404(published, client):
    assert get_feed(client, "not-a-token").status_code == 404


def test_a_revoked_or_rotated_token_is_404_at_once(published, client):
    e1 = published.shadower("E1")
    old = feed_token_issue(employee=e1)
    assert get_feed(client, old).status_code == 200
    new = feed_token_issue(employee=e1)
    assert get_feed(client, old).status_code == 404
    assert get_feed(client, new).status_code == 200
    feed_token_revoke(employee=e1)
    assert get_feed(client, new).status_code == 404


def test_an_employee_who_left_has_no_feed(published, client):
    e1 = published.shadower("E1")
    token = feed_token_issue(employee=e1)
    e1.active = False
    e1.save()
    assert get_feed(client, token).status_code == 404


def test_only_get_and_head_are_allowed(published, client):
    token = feed_token_issue(employee=published.shadower("E1"))
    response = client.post(feed_path(token))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_the_token_is_stored_hashed(published):
    token = feed_token_issue(employee=published.shadower("E1"))
    stored = FeedToken.objects.get(revoked_at__isnull=True)
    assert stored.token_hash == token_hash(token) != token
    assert not FeedToken.objects.filter(token_hash=token).exists()


def test_the_token_never_reaches_a_log(published, client, caplog):
    token = feed_token_issue(employee=published.shadower("E1"))
    revoked = feed_token_issue(employee=published.shadower("E2"))
    feed_token_revoke(employee=published.shadower("E2"))
    with caplog.at_level(logging.DEBUG):
        ok = get_feed(client, token)
        assert ok.status_code == 200
        assert get_feed(client, token, **{"If-None-Match": ok["ETag"]}).status_code == 304
        assert get_feed(client, revoked).status_code == 404
        assert client.post(feed_path(token)).status_code == 405
        assert get_feed(client, token, **{"If-Match": '"x"'}).status_code == 200
        # The control: any other 404 is logged with its path, and the capture sees it.
        assert client.get("/control-path-secret").status_code == 404
    assert "control-path-secret" in caplog.text
    for record in caplog.records:
        text = record.getMessage() + repr(record.args) + repr(record.__dict__.get("request"))
        assert token not in text
        assert revoked not in text
