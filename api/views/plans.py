"""Plans and their solver runs: HR creates, edits (If-Match), solves, publishes, reads."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from api.etags import if_match_version, required_version, with_etag
from api.filters import PlanFilter, RunFilter
from api.schema import CONFLICT, IF_MATCH, IF_MATCH_OPTIONAL, VERSIONED, error
from api.serializers import (
    PlanSerializer,
    PlanSummarySerializer,
    PublishRequestSerializer,
    ReviewSerializer,
    RunSerializer,
    SolveRequestSerializer,
    SolveStartedSerializer,
)
from api.throttles import SolveThrottle
from api.views.base import NO_DELETE, hr_only
from rotations.models import Assignment, RotationPlan, SolveRun
from rotations.selectors.conflicts import plan_conflicts
from rotations.selectors.review import plan_review
from rotations.selectors.summary import plan_summary
from rotations.services.edits import plan_update
from rotations.services.jobs import solve_cancel, solve_start
from rotations.services.plans import plan_create, plan_duplicate, plan_publish
from rotations.services.repair import plan_repair


def run_url(request: Request, run: SolveRun) -> str:
    return request.build_absolute_uri(reverse("api:run-detail", kwargs={"pk": run.pk}))


@extend_schema_view(
    retrieve=extend_schema(description="The plan; its version is the ETag header."),
    partial_update=extend_schema(
        parameters=[IF_MATCH], responses={200: PlanSerializer, **VERSIONED, **CONFLICT}
    ),
)
class PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[RotationPlan],
):
    queryset = RotationPlan.objects.all()
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    http_method_names = NO_DELETE

    def get_permissions(self) -> list[Any]:
        return hr_only()

    def get_throttles(self) -> list[BaseThrottle]:
        throttles = super().get_throttles()
        if self.action == "solve":
            throttles.append(SolveThrottle())
        return throttles

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        return with_etag(Response(self.get_serializer(plan).data), plan.version)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        plan = plan_create(
            name=data["name"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            timezone_name=data.get("timezone"),
            rules=data.get("rules"),
            weights=data.get("weights"),
        )
        response = Response(self.get_serializer(plan).data, status=status.HTTP_201_CREATED)
        return with_etag(response, plan.version)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        serializer = self.get_serializer(plan, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        version = required_version(request)
        plan = plan_update(plan=plan, expected_version=version, changes=serializer.validated_data)
        return with_etag(Response(self.get_serializer(plan).data), plan.version)

    @extend_schema(
        request=SolveRequestSerializer,
        responses={202: SolveStartedSerializer, **CONFLICT},
        description="Start solving the plan in the background (202); the answer's `url` is "
        "the run to poll. While a run is active, that run is answered (created: false).",
    )
    @action(detail=True, methods=["post"])
    def solve(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        serializer = SolveRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run, created = solve_start(
            plan=plan,
            time_limit_s=serializer.validated_data["time_limit_s"],
            workers=serializer.validated_data["workers"],
        )
        return run_started(request, run, created=created)

    @extend_schema(
        request=PublishRequestSerializer,
        parameters=[IF_MATCH_OPTIONAL],
        responses={
            200: PlanSerializer,
            "400": error(
                "Invalid input; or the review has warnings and the body lacks "
                "`confirm: true` (the error names `confirm` and lists the warnings)."
            ),
            "412": VERSIONED["412"],
            **CONFLICT,
        },
        description="Publish a solved plan: reps confirm, calendars show it. Like the page, "
        "a plan whose review has warnings (nothing placed, lower coverage, conflicts, ...; "
        "see review/) is published only with `confirm: true` in the body.",
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        serializer = PublishRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)  # a bad body is 400 whatever the If-Match
        version = if_match_version(request, required=False)
        plan = plan_publish(
            plan=plan, expected_version=version, confirm=serializer.validated_data["confirm"]
        )
        return with_etag(Response(self.get_serializer(plan).data), plan.version)

    @extend_schema(
        responses={200: ReviewSerializer},
        description="What publishing changes against what people see now, per person and "
        "in total, the warnings, and the open conflicts of the plan in place.",
    )
    @action(detail=True, methods=["get"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        review = plan_review(plan=plan)
        totals = ("placed_now", "placed_next", "added", "moved", "cancelled")
        body = {
            "publishable": review.publishable,
            "totals": {name: getattr(review, name) for name in totals},
            "warnings": review.warnings,
            "people": [
                {
                    "shadower": c.shadower.employee_id,
                    "added": [_session(a) for a in c.added],
                    "cancelled": [_session(a) for a in c.cancelled],
                }
                for c in review.people
            ],
            "conflicts": _conflicts(plan),
        }
        return Response(ReviewSerializer(body).data)

    @extend_schema(
        request=None,
        parameters=[IF_MATCH_OPTIONAL],
        responses={202: SolveStartedSerializer, "412": VERSIONED["412"], **CONFLICT},
        description="Cancel the sessions in conflict and re-plan around them with as few "
        "changes as possible (409 when nothing conflicts); the run is answered.",
    )
    @action(detail=True, methods=["post"])
    def repair(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        run = plan_repair(plan=plan, expected_version=if_match_version(request, required=False))
        return run_started(request, run, created=True)

    @extend_schema(
        request=None,
        responses={201: PlanSerializer, **CONFLICT},
        description="A new draft plan for the next period, with this one's rules and weights.",
    )
    @action(detail=True, methods=["post"])
    def duplicate(self, request: Request, pk: str | None = None) -> Response:
        copy = plan_duplicate(plan=self.get_object())
        response = Response(self.get_serializer(copy).data, status=status.HTTP_201_CREATED)
        return with_etag(response, copy.version)

    @extend_schema(responses={200: PlanSummarySerializer})
    @action(detail=True, methods=["get"])
    def summary(self, request: Request, pk: str | None = None) -> Response:
        summary = plan_summary(plan=self.get_object())
        body = dataclasses.asdict(summary)
        body["period_start"], body["period_end"] = body.pop("period")
        body["coverage"] = (
            summary.sessions_placed / summary.sessions_required
            if summary.sessions_required
            else 1.0
        )
        body["departments"] = [
            {**dataclasses.asdict(d), "share": d.share} for d in summary.departments
        ]
        return Response(PlanSummarySerializer(body).data)


def run_started(request: Request, run: SolveRun, *, created: bool) -> Response:
    """202 with the run to poll (its URL in Location too)."""
    run.refresh_from_db()
    url = run_url(request, run)
    body = {**RunSerializer(run).data, "url": url, "created": created}
    return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": url})


def _session(a: Assignment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "shadower": a.shadower.employee_id,
        "host": a.slot.host.employee_id,
        "slot": a.slot_id,
        "start": a.slot.start,
    }


def _conflicts(plan: RotationPlan) -> list[dict[str, Any]]:
    return [
        {"session": _session(c.assignment), "rule": c.rule, "message": c.message}
        for c in plan_conflicts(plan=plan)
    ]


class RunViewSet(viewsets.ReadOnlyModelViewSet[SolveRun]):
    """Solver runs: status, progress (objective, bound, seconds) and gap."""

    queryset = SolveRun.objects.all()
    serializer_class = RunSerializer
    filterset_class = RunFilter

    def get_permissions(self) -> list[Any]:
        return hr_only()

    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(RunSerializer, description="Cancelled, or asked to stop."),
            **CONFLICT,
        },
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        run = solve_cancel(run=self.get_object())
        return Response(RunSerializer(run).data)
