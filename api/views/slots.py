"""Hosting slots: HR manages them; a rep reads their own (with the seats taken).

Edits and deletes go through the slot services: a capacity below the seats taken, or a
delete of a slot people are booked on, is a 409 (cancel the slot instead).
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from api.filters import SlotFilter
from api.permissions import IsHR, IsRep
from api.schema import CONFLICT
from api.scopes import slots_visible_to
from api.serializers import SlotSerializer
from api.views.base import METHODS, hr_only
from rotations.models import HostingSlot
from rotations.services.slots import slot_cancel, slot_delete, slot_update


@extend_schema_view(
    partial_update=extend_schema(responses={200: SlotSerializer, **CONFLICT}),
    destroy=extend_schema(responses={204: None, **CONFLICT}),
)
class SlotViewSet(viewsets.ModelViewSet[HostingSlot]):
    serializer_class = SlotSerializer
    filterset_class = SlotFilter
    http_method_names = METHODS

    def get_queryset(self) -> QuerySet[HostingSlot]:
        return slots_visible_to(user=self.request.user)

    def get_permissions(self) -> list[Any]:
        if self.action in ("list", "retrieve"):
            return [IsAuthenticated(), (IsHR | IsRep)()]
        return hr_only()

    def perform_update(self, serializer: BaseSerializer[HostingSlot]) -> None:
        instance = cast(HostingSlot, serializer.instance)  # an update always has one
        serializer.instance = slot_update(slot=instance, changes=dict(serializer.validated_data))

    def perform_destroy(self, instance: HostingSlot) -> None:
        slot_delete(slot=instance)

    @extend_schema(
        request=None,
        responses={200: SlotSerializer},
        description="Cancel the slot: its upcoming sessions are cancelled and people told.",
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        slot = slot_cancel(slot=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=slot.pk)).data)
