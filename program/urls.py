"""URL routes of the program pages (mounted at /program/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from program import views

app_name = "program"
urlpatterns: list[URLPattern] = [
    path("", views.program_page, name="program"),
    path("people/<str:employee_id>/", views.person_history, name="person"),
    path("policy/", views.policy_edit, name="policy"),
    path("wishes/import/", views.wishes_upload, name="wishes_import"),
    path("plan-next/", views.plan_next, name="plan_next"),
    path("ideas/<int:pk>/triage/", views.idea_triage_view, name="idea_triage"),
    path("mine/", views.my_program, name="mine"),
    path("wishes/<int:pk>/delete/", views.wish_delete, name="wish_delete"),
    path("sessions/<int:pk>/idea/", views.idea_new, name="idea_new"),
    path("hosted-ideas/", views.rep_ideas, name="rep_ideas"),
]
