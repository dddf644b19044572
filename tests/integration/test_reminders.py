"""Beat's jobs: reminders before sessions, follow-ups after, releases of unconfirmed ones."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from rotations.celery import app
from rotations.models import (
    AssignmentStatus,
    PlanStatus,
    Reminder,
    RunKind,
    RunStatus,
)
from rotations.services.reminders import notices_send, reminders_send, unconfirmed_release
from tests.factories import AssignmentFactory
from tests.integration.company import small_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    company = small_company()
    company.plan.status = PlanStatus.PUBLISHED
    company.plan.published_at = timezone.now()
    company.plan.save()
    return company


def _assign(company, slot, shadower, status=AssignmentStatus.CONFIRMED):
    return AssignmentFactory.create(plan=company.plan, slot=slot, shadower=shadower, status=status)


@override_settings(ROTATIONS_REMINDER_DAYS=2)
def test_shadower_and_host_are_reminded_once_n_days_before(company, mailoutbox):
    slot = company.slots[0]
    shadower = company.shadowers[0]
    assignment = _assign(company, slot, shadower)

    assert reminders_send(now=slot.start - dt.timedelta(days=3))["session"] == 0
    assert mailoutbox == []
    sent = reminders_send(now=slot.start - dt.timedelta(days=2))
    assert sent["session"] == 1
    assert sorted(m.to[0] for m in mailoutbox) == sorted([shadower.email, slot.host.email])
    body = mailoutbox[0].body
    assert "Reminder" in mailoutbox[0].subject
    assert slot.host.name in body and shadower.name in body
    assert "Tuesday 5 January 2027, 09:00 to 12:00 (America/Detroit)" in body  # site's zone
    # Beat ticks again (and again): nothing more.
    assert reminders_send(now=slot.start - dt.timedelta(days=1))["session"] == 0
    assert len(mailoutbox) == 2
    assert Reminder.objects.get().assignment == assignment


def test_no_reminders_for_unpublished_plans_or_declined_sessions(company, mailoutbox):
    slot = company.slots[0]
    _assign(company, slot, company.shadowers[0], AssignmentStatus.DECLINED)
    company.plan.published_at = None
    company.plan.status = PlanStatus.SOLVED
    company.plan.save()
    _assign(company, slot, company.shadowers[1])
    assert reminders_send(now=slot.start - dt.timedelta(hours=5)) == {
        "session": 0,
        "follow_up": 0,
        "unconfirmed": 0,
    }
    assert mailoutbox == []


def test_the_shadower_is_asked_for_feedback_the_day_after(company, mailoutbox):
    slot = company.slots[0]  # Tuesday 09:00 to 12:00, Detroit
    shadower = company.shadowers[0]
    _assign(company, slot, shadower)

    assert reminders_send(now=slot.end + dt.timedelta(hours=6))["follow_up"] == 0
    assert reminders_send(now=slot.end + dt.timedelta(hours=13))["follow_up"] == 1
    (message,) = mailoutbox
    assert message.to == [shadower.email]
    assert "How did your session" in message.subject
    assert reminders_send(now=slot.end + dt.timedelta(days=2))["follow_up"] == 0


@override_settings(ROTATIONS_UNCONFIRMED_REMINDER_DAYS=7, ROTATIONS_RELEASE_DAYS=3)
def test_hosts_get_one_reminder_listing_their_unconfirmed_sessions(company, mailoutbox):
    slot = company.slots[0]
    _assign(company, slot, company.shadowers[0], AssignmentStatus.PROPOSED)
    _assign(company, slot, company.shadowers[1], AssignmentStatus.PROPOSED)
    _assign(company, company.slots[1], company.shadowers[2])  # confirmed: not listed

    assert reminders_send(now=slot.start - dt.timedelta(days=6))["unconfirmed"] == 1
    (message,) = [m for m in mailoutbox if "confirm" in m.subject]
    assert message.to == [slot.host.email]
    assert message.subject == "Please confirm 2 shadowing sessions"
    assert "2 sessions you host are still waiting for your confirmation" in message.body
    assert company.shadowers[0].name in message.body
    assert "released" in message.body
    # One-click links (rotations.links) for each session, on the site's address.
    assert message.body.count(f"confirm: {settings.WEB_BASE_URL}/") == 2
    assert message.body.count(f"decline: {settings.WEB_BASE_URL}/") == 2
    assert reminders_send(now=slot.start - dt.timedelta(days=5))["unconfirmed"] == 0


@override_settings(ROTATIONS_RELEASE_DAYS=3)
def test_sessions_still_unconfirmed_m_days_before_are_released_and_re_planned(company):
    late = company.slots[0]
    unconfirmed = _assign(company, late, company.shadowers[0], AssignmentStatus.PROPOSED)
    kept = _assign(company, company.slots[3], company.shadowers[1])
    # Not due yet: more than three days ahead.
    assert unconfirmed_release(now=late.start - dt.timedelta(days=4)) == {}

    released = unconfirmed_release(now=late.start - dt.timedelta(days=3))

    assert released == {str(company.plan.pk): 1}
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == AssignmentStatus.CANCELLED
    assert unconfirmed.version == 2
    kept.refresh_from_db()
    assert kept.status == AssignmentStatus.CONFIRMED
    run = company.plan.runs.get()
    assert run.kind == RunKind.REPLAN
    assert "released 1" in run.reason
    assert run.status == RunStatus.QUEUED  # its job is sent once this commits
    # While that re-plan is under way, a new due session waits for the next tick.
    waiting = _assign(company, late, company.shadowers[2], AssignmentStatus.PROPOSED)
    assert unconfirmed_release(now=late.start - dt.timedelta(days=2)) == {}
    waiting.refresh_from_db()
    assert waiting.status == AssignmentStatus.PROPOSED


@override_settings(
    ROTATIONS_REMINDER_DAYS=2, ROTATIONS_UNCONFIRMED_REMINDER_DAYS=7, ROTATIONS_RELEASE_DAYS=3
)
def test_one_run_releases_first_and_reminds_nobody_of_a_released_session(company, mailoutbox):
    soon = company.slots[0]
    unconfirmed = _assign(company, soon, company.shadowers[0], AssignmentStatus.PROPOSED)
    confirmed = _assign(company, soon, company.shadowers[1])
    later = _assign(company, company.slots[3], company.shadowers[2], AssignmentStatus.PROPOSED)
    now = soon.start - dt.timedelta(days=1)  # the first run after a late publish

    done = notices_send(now=now)

    assert done["released"] == {str(company.plan.pk): 1}
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == AssignmentStatus.CANCELLED
    assert done["session"] == 1  # the confirmed one only
    reminded = {r.assignment_id for r in Reminder.objects.all()}
    assert unconfirmed.pk not in reminded
    assert reminded == {confirmed.pk, later.pk}  # `later` in the host's unconfirmed list
    for message in mailoutbox:
        assert company.shadowers[0].name not in message.body


@override_settings(ROTATIONS_REMINDER_DAYS=2, ROTATIONS_RELEASE_DAYS=3)
def test_a_session_due_for_release_is_not_reminded_even_when_its_release_waits(company, mailoutbox):
    slot = company.slots[0]
    _assign(company, slot, company.shadowers[0], AssignmentStatus.PROPOSED)
    # A solve under way holds the release back; the reminder must not go out meanwhile.
    company.plan.runs.create(status=RunStatus.RUNNING)
    done = notices_send(now=slot.start - dt.timedelta(days=1))
    assert done["released"] == {}
    assert (done["session"], done["unconfirmed"]) == (0, 0)
    assert mailoutbox == []


def test_beat_runs_the_notices_task_and_the_reaper():
    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    tasks = {entry["task"] for entry in schedule.values()}
    assert tasks == {
        "rotations.send_notices",
        "calendars.invitations_catch_up",
        "web.host_digests_catch_up",
        "rotations.reap_lost_runs",
        "program.draft_next_period",
    }
    assert tasks <= set(app.tasks)
    assert all(entry["schedule"] > 0 for entry in schedule.values())
