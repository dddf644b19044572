"""One-click links from e-mails: GET shows what will happen (and changes nothing), the
button POSTs once. Tampered: 400; expired, used or outdated by a new solve: 410."""

from __future__ import annotations

import contextlib
import zoneinfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from rotations.links import (
    LinkGoneError,
    LinkInvalidError,
    action_claim_assignment,
    action_claim_read,
)
from rotations.models import Assignment
from rotations.services.errors import ServiceError
from web.actions import assignment_act
from web.digests import confirm_all_apply, confirm_all_read
from web.forms import LinkDeclineForm


def _host_zone_activate(assignment: Assignment) -> None:
    """Whoever opens the link is taken to be the host: show their site's times."""
    with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
        timezone.activate(zoneinfo.ZoneInfo(assignment.slot.host.site.timezone))


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "web/link_refused.html", {"message": message}, status=status)


@require_http_methods(["GET", "POST"])
def action_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        claim = action_claim_read(token=token)
        if request.method == "GET":
            assignment = action_claim_assignment(claim=claim)
            _host_zone_activate(assignment)
            form = LinkDeclineForm() if claim.action == "decline" else None
            context = {"assignment": assignment, "action": claim.action, "form": form}
            return render(request, "web/link_confirm.html", context)
        form = LinkDeclineForm(request.POST) if claim.action == "decline" else None
        assignment = action_claim_assignment(claim=claim)
        _host_zone_activate(assignment)
        if form is not None and not form.is_valid():
            context = {"assignment": assignment, "action": claim.action, "form": form}
            return render(request, "web/link_confirm.html", context, status=400)
        # The service re-checks the version under its row lock, so of two clicks one wins.
        done = assignment_act(
            assignment=assignment,
            action=claim.action,
            by=assignment.slot.host,
            reason=form.cleaned_data["reason"] if form is not None else "",
            expected_version=claim.version,
        )
    except LinkInvalidError as exc:
        return _refused(request, str(exc), 400)
    except LinkGoneError as exc:
        return _refused(request, str(exc), 410)
    except ServiceError as exc:
        try:
            action_claim_assignment(claim=claim)
        except LinkGoneError as gone:  # the other click won meanwhile
            return _refused(request, str(gone), 410)
        return _refused(request, exc.message, 409)
    return render(request, "web/link_done.html", {"assignment": assignment, "message": done})


@require_http_methods(["GET", "POST"])
def confirm_all_link(request: HttpRequest, token: str) -> HttpResponse:
    """The digest's "confirm all": GET lists what it will confirm, the button confirms them."""
    try:
        claim = confirm_all_read(token=token)
    except LinkInvalidError as exc:
        return _refused(request, str(exc), 400)
    except LinkGoneError as exc:
        return _refused(request, str(exc), 410)
    with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
        timezone.activate(zoneinfo.ZoneInfo(claim.digest.host.site.timezone))
    if request.method == "GET":
        if not claim.open:
            message = "nothing left to confirm from this e-mail"
            if claim.gone:
                message += f" ({'; '.join(claim.gone)})"
            return _refused(request, message, 410)
        return render(request, "web/link_confirm_all.html", {"claim": claim})
    done, refused = confirm_all_apply(claim=claim)
    if not done and not refused:
        return _refused(request, "nothing left to confirm from this e-mail", 410)
    names = ", ".join(a.shadower.name for a in done)
    message = f"Confirmed {len(done)} session{'s' if len(done) != 1 else ''}: {names}."
    context = {"message": message, "skipped": claim.gone + refused}
    return render(request, "web/link_done.html", context)
