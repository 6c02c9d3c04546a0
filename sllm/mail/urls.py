from django.urls import path

from . import views

app_name = "mail"
urlpatterns = [
    path("organize/<slug:slug>/mail/", views.outbox_view, name="outbox"),
    path("organize/<slug:slug>/mail/compose/", views.compose_view, name="compose"),
    path("organize/<slug:slug>/mail/templates/", views.templates_view, name="templates"),
    path("organize/<slug:slug>/mail/templates/<slug:key>/", views.template_edit_view, name="template-edit"),
    path("organize/<slug:slug>/mail/<int:pk>/", views.message_view, name="message"),
    path("mail/unsubscribe/<str:token>/", views.unsubscribe_view, name="unsubscribe"),
]
