from django.urls import path

from . import views

app_name = "grants"
urlpatterns = [
    path("<slug:slug>/travel-grants/", views.public_view, name="public"),
    path("<slug:slug>/travel-grants/apply/", views.apply_view, name="apply"),
    path("organize/<slug:slug>/grants/", views.organize_view, name="organize"),
    path("organize/<slug:slug>/grants/call/", views.program_update_view, name="program-update"),
    path("organize/<slug:slug>/grants/sponsors/", views.sponsor_add_view, name="sponsor-add"),
    path(
        "organize/<slug:slug>/grants/sponsors/<int:pk>/remove/",
        views.sponsor_remove_view,
        name="sponsor-remove",
    ),
    path("organize/<slug:slug>/grants/applications/<int:pk>/", views.application_view, name="application"),
    path("organize/<slug:slug>/grants/allocation/", views.allocation_view, name="allocation"),
    path(
        "organize/<slug:slug>/grants/allocation/<int:pk>/apply/",
        views.allocation_apply_view,
        name="allocation-apply",
    ),
]
