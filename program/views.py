"""Program pages: HR's program page (due list, on-track chart, policy, ledger, ideas),
employees' wishes and ideas, reps' ideas from their sessions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from program.forms import IdeaForm, PolicyForm, TriageForm, WishesUploadForm, WishForm
from program.history import (
    on_track_share,
    policy_get,
    program_standings,
    sessions_by_shadower,
    standing,
)
from program.ledger import host_ledger, ideas_by_department, ideas_for_rep, plan_wishes_met
from program.models import Idea, Wish
from program.services import (
    idea_submit,
    idea_triage,
    plan_next_period,
    policy_update,
    wish_add,
    wish_remove,
)
from rotations.exports.csvsafe import writer
from rotations.models import Employee, Role, RotationPlan
from rotations.services.errors import ServiceError
from rotations.services.imports import import_max_bytes, import_run, too_large_message
from web.access import (
    employee_required,
    hr_required,
    own_assignment_get,
    rep_required,
    viewer_employee,
)

CHART_HEIGHT = 120


def _filtered(request: HttpRequest, rows: list) -> list:  # type: ignore[type-arg]
    department = request.GET.get("department", "")
    site = request.GET.get("site", "")
    return [
        r
        for r in rows
        if (not department or r.employee.department.name == department)
        and (not site or r.employee.site.name == site)
    ]


@hr_required
def program_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    policy = policy_get()
    standings = _filtered(request, program_standings(on=today, policy=policy))
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="due.csv"'
        out = writer(response)
        out.writerow(
            ["employee_id", "name", "department", "site", "sessions", "last", "due_on", "new_hire"]
        )
        out.writerows(
            [
                [
                    r.employee.employee_id,
                    r.employee.name,
                    r.employee.department.name,
                    r.employee.site.name,
                    len(r.sessions),
                    r.last or "",
                    r.due_on or "",
                    "yes" if r.new_hire else "",
                ]
                for r in standings
                if r.due
            ]
        )
        return response
    share = on_track_share(on=today, policy=policy)
    bar = 36
    chart = [
        {
            "x": i * bar,
            "height": round(value * CHART_HEIGHT),
            "y": CHART_HEIGHT - round(value * CHART_HEIGHT),
            "label": f"{day:%b %Y}",
            "value": value,
        }
        for i, (day, value) in enumerate(share)
    ]
    plans = list(RotationPlan.objects.order_by("-period_start")[:6])
    context = {
        "policy": policy,
        "policy_form": PolicyForm(
            initial={
                "sessions": policy.sessions,
                "months": policy.months,
                "new_hire_days": policy.new_hire_days,
            }
        ),
        "due": [r for r in standings if r.due],
        "on_track": [r for r in standings if not r.due],
        "departments": sorted({r.employee.department.name for r in standings}),
        "sites": sorted({r.employee.site.name for r in standings}),
        "chart": chart,
        "chart_width": bar * len(chart),
        "chart_height": CHART_HEIGHT,
        "ledger": host_ledger(now=timezone.now()),
        "ideas": ideas_by_department(),
        "new_ideas": Idea.objects.select_related("author", "assignment__slot__host", "owner")[:50],
        "triage_form": TriageForm(),
        "upload_form": WishesUploadForm(),
        "wishes_met": [(plan, plan_wishes_met(plan=plan)) for plan in plans],
    }
    return render(request, "program/program.html", context)


@hr_required
def person_history(request: HttpRequest, employee_id: str) -> HttpResponse:
    """One backroom employee's sessions in every plan, and where they stand."""
    employee = get_object_or_404(Employee, employee_id=employee_id, role=Role.BACKROOM)
    sessions = sessions_by_shadower().get(employee.pk, [])
    row = standing(employee, sessions, policy_get(), timezone.localdate())
    wishes = Wish.objects.filter(employee=employee).select_related("host")
    return render(request, "program/person.html", {"row": row, "wishes": wishes})


@hr_required
def wishes_upload(request: HttpRequest) -> HttpResponse:
    form = WishesUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        messages.error(request, "Choose a CSV file of wishes.")
        return redirect("program:program")
    upload = form.cleaned_data["file"]
    if upload.size > import_max_bytes():  # before reading it, as every import path does
        messages.error(request, f"{upload.name}: {too_large_message(upload.size)}")
        return redirect("program:program")
    report = import_run(kind="wishes", data=upload.read())
    if report.ok:
        messages.success(request, report.summary())
        return redirect("program:program")
    for error in report.errors[:20]:
        messages.error(request, str(error))
    messages.error(request, "No wish was imported.")
    return redirect("program:program")


@hr_required
def policy_edit(request: HttpRequest) -> HttpResponse:
    form = PolicyForm(request.POST)
    if request.method == "POST" and form.is_valid():
        policy_update(**form.cleaned_data, by=request.user)
        messages.success(request, "Policy saved.")
    else:
        messages.error(request, "The policy was not saved: check the numbers.")
    return redirect("program:program")


@hr_required
def plan_next(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("program:program")
    try:
        plan = plan_next_period()
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("program:program")
    messages.success(request, f"Drafted {plan.name} for the people due.")
    return redirect("web:plan_detail", pk=plan.pk)


@hr_required
def idea_triage_view(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea, pk=pk)
    form = TriageForm(request.POST)
    if request.method == "POST" and form.is_valid():
        try:
            idea_triage(
                idea=idea,
                status=form.cleaned_data["status"],
                owner=form.cleaned_data["owner"],
                outcome=form.cleaned_data["outcome"] or None,
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Idea updated.")
    return redirect("program:program")


@employee_required
def my_program(request: HttpRequest) -> HttpResponse:
    """A shadower's history, wishes and ideas."""
    employee = viewer_employee(request)
    form = WishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wish_add(employee=employee, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Wish saved.")
            return redirect("program:mine")
    context = {
        "employee": employee,
        "form": form,
        "wishes": Wish.objects.filter(employee=employee).select_related("host"),
        "history": sessions_by_shadower().get(employee.pk, []),
        "ideas": Idea.objects.filter(author=employee).select_related("owner"),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "program/mine.html", context, status=status)


@employee_required
def wish_delete(request: HttpRequest, pk: int) -> HttpResponse:
    wish = get_object_or_404(Wish, pk=pk, employee=viewer_employee(request))
    if request.method == "POST":
        wish_remove(wish=wish, by=viewer_employee(request))
        messages.success(request, "Wish removed.")
    return redirect("program:mine")


@employee_required
def idea_new(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = own_assignment_get(request=request, pk=pk)
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea_submit(assignment=assignment, author=viewer_employee(request), **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Thank you: HR will look at your idea.")
            return redirect("program:mine")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "program/idea_form.html", {"assignment": assignment, "form": form}, status=status
    )


@rep_required
def rep_ideas(request: HttpRequest) -> HttpResponse:
    rep = viewer_employee(request)
    return render(request, "program/rep_ideas.html", {"ideas": ideas_for_rep(rep=rep)})
