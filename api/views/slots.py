"""Hosting slots: HR manages them; a rep reads their own (with the seats taken)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from api.filters import SlotFilter
from api.permissions import IsHR, IsRep
from api.scopes import slots_for
from api.serializers import SlotSerializer
from api.views.base import METHODS, hr_only
from rotations.models import HostingSlot


class SlotViewSet(viewsets.ModelViewSet[HostingSlot]):
    serializer_class = SlotSerializer
    filterset_class = SlotFilter
    http_method_names = METHODS

    def get_queryset(self) -> QuerySet[HostingSlot]:
        return slots_for(self.request.user)

    def get_permissions(self) -> list[Any]:
        if self.action in ("list", "retrieve"):
            return [IsAuthenticated(), (IsHR | IsRep)()]
        return hr_only()
