"""HR: upload a CSV file, see what it would do, then confirm; a bad file is reported row by
row in the page and nothing is written.

The body is refused (413) from its Content-Length before anything reads it: the CSRF check
reads the form, so this view runs that check itself, after the size check.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from rotations.importers.errors import ImportReport
from rotations.services.imports import import_max_bytes, import_run, too_large_message
from web.access import hr_required
from web.forms import ImportForm

PREVIEW_TTL_S = 30 * 60
_PREVIEW_KEY = "web:import-preview:{}"


def _too_large(request: HttpRequest) -> int:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
    # The same rule as the API's uploads (api/uploads.py): the whole body against the limit.
    return length if length > import_max_bytes() else 0


def _csrf_failure(request: HttpRequest) -> HttpResponse | None:
    check = CsrfViewMiddleware(lambda r: HttpResponse())
    return check.process_view(request, lambda r: HttpResponse(), (), {})


def _page(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("form", ImportForm())
    report: ImportReport | None = context.get("report")
    context["errors"] = report.errors if report is not None else []
    return render(request, "web/import.html", context, status=status)


def _preview(request: HttpRequest, form: ImportForm) -> HttpResponse:
    kind = form.cleaned_data["kind"]
    plan = form.cleaned_data["plan"]
    upload = form.cleaned_data["file"]
    data = upload.read()
    period = (plan.period_start, plan.period_end) if plan else None
    report = import_run(kind=kind, data=data, period=period, dry_run=True)
    if not report.ok:
        return _page(request, 400, form=form, report=report)
    token = secrets.token_urlsafe(16)
    cache.set(
        _PREVIEW_KEY.format(token),
        {
            "user": request.user.pk,
            "kind": kind,
            "name": upload.name,
            "data": data,
            "period": period,
        },
        PREVIEW_TTL_S,
    )
    return _page(request, form=form, report=report, token=token, name=upload.name)


def _confirm(request: HttpRequest, token: str) -> HttpResponse:
    key = _PREVIEW_KEY.format(token)
    pending = cache.get(key)
    if pending is None or pending["user"] != request.user.pk:
        messages.error(request, "That preview has expired; choose the file again.")
        return redirect("web:import_upload")
    cache.delete(key)
    report = import_run(kind=pending["kind"], data=pending["data"], period=pending["period"])
    if not report.ok:  # the data changed since the preview
        return _page(request, 400, report=report)
    messages.success(request, f"{pending['name']}: {report.summary()}")
    return redirect("web:import_upload")


@csrf_exempt  # checked below, once the size is known to be acceptable
@hr_required
def import_upload(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    size = _too_large(request)
    if size:
        return _page(request, 413, too_large=too_large_message(size))
    failure = _csrf_failure(request)
    if failure is not None:
        return failure
    token = request.POST.get("confirm", "")
    if token:
        return _confirm(request, token)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, 400, form=form)
    return _preview(request, form)
