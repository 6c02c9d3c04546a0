from django.urls import path

from . import views

app_name = "news"
urlpatterns = [
    path("<slug:slug>/news/", views.news_list_view, name="list"),
    path("<slug:slug>/news/feed.atom", views.news_feed_view, name="feed"),
    path("<slug:slug>/news/<slug:item_slug>/", views.news_detail_view, name="detail"),
    path("organize/<slug:slug>/news/", views.organize_view, name="organize"),
    path("organize/<slug:slug>/news/<int:pk>/", views.edit_view, name="edit"),
    path("organize/<slug:slug>/news/<int:pk>/delete/", views.delete_view, name="delete"),
]
