"""Ideas: a shadower writes one after a session, HR triages it, the rep sees it."""

from __future__ import annotations

import pytest

from program.ledger import ideas_by_department, ideas_for_rep
from program.models import IdeaStatus
from program.services import ProgramError, idea_submit, idea_triage
from rotations.services.errors import NotAllowedError
from tests.program.conftest import Session


def test_an_idea_goes_from_new_to_accepted_to_done(session: Session) -> None:
    sam = session.past.shadower
    idea = idea_submit(assignment=session.past, author=sam, text=" Show stock ", area="ordering")
    assert (idea.text, idea.status) == ("Show stock", IdeaStatus.NEW)
    with pytest.raises(ProgramError, match="owner department"):
        idea_triage(idea=idea, status="accepted")
    idea_triage(idea=idea, status="accepted", owner=session.billing)
    with pytest.raises(ProgramError, match="cannot go from accepted to new"):
        idea_triage(idea=idea, status="new")
    idea_triage(idea=idea, status="done", outcome="Stock shown on quotes")
    [tally] = ideas_by_department()
    assert (tally.department, tally.counts, tally.done) == ("Billing", {"done": 1}, [idea])
    assert ideas_for_rep(rep=session.past.slot.host) == [idea]


def test_ideas_wait_for_the_session_to_end(session: Session) -> None:
    with pytest.raises(ProgramError, match="once the session is over"):
        idea_submit(
            assignment=session.upcoming,
            author=session.upcoming.shadower,
            text="Earlier calls",
            area="other",
        )


def test_only_the_shadower_adds_an_idea_to_a_session(session: Session) -> None:
    otto = session.other.employee
    with pytest.raises(NotAllowedError):
        idea_submit(assignment=session.past, author=otto, text="Mine", area="other")


def test_done_and_declined_ideas_stay_so(session: Session) -> None:
    sam = session.past.shadower
    idea = idea_submit(assignment=session.past, author=sam, text="x", area="billing")
    idea_triage(idea=idea, status="declined")
    with pytest.raises(ProgramError):
        idea_triage(idea=idea, status="accepted", owner=session.billing)
