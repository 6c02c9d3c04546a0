from django.urls import path

from . import views

app_name = "reminders"
urlpatterns = [
    path("organize/<slug:slug>/reminders/", views.organize_view, name="organize"),
    path("organize/<slug:slug>/reminders/settings/", views.setting_update_view, name="setting-update"),
]
