"""The program's records in the admin."""

from __future__ import annotations

from django.contrib import admin

from program.models import DraftScope, Idea, Policy, Wish


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin[Policy]):
    list_display = ("sessions", "months", "new_hire_days", "updated_at")


@admin.register(Wish)
class WishAdmin(admin.ModelAdmin[Wish]):
    list_display = ("employee", "target", "kind", "tag", "host", "weight")
    raw_id_fields = ("employee", "host")


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin[Idea]):
    list_display = ("text", "area", "status", "owner", "created_at")
    list_filter = ("status", "area")
    raw_id_fields = ("assignment", "author")


@admin.register(DraftScope)
class DraftScopeAdmin(admin.ModelAdmin[DraftScope]):
    raw_id_fields = ("plan",)
    filter_horizontal = ("participants", "new_hires")
