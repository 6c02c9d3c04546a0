from django.urls import path, re_path

from . import views

app_name = "website"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("<slug:slug>/", views.edition_view, name="edition"),
    path("<slug:slug>/call-for-papers/", views.cfp_view, name="cfp"),
    path("<slug:slug>/schedule/", views.schedule_view, name="schedule"),
    re_path(
        r"^(?P<slug>[-a-zA-Z0-9_]+)/schedule/(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})/$",
        views.schedule_view,
        name="schedule-day",
    ),
    path("<slug:slug>/schedule.ics", views.schedule_ics_view, name="schedule-ics"),
    path("<slug:slug>/schedule/sessions/<uuid:uid>.ics", views.session_ics_view, name="session-ics"),
    path("<slug:slug>/schedule/talks/<uuid:uid>.ics", views.talk_ics_view, name="talk-ics"),
    path("<slug:slug>/papers/", views.papers_view, name="papers"),
    path("<slug:slug>/papers/page/<int:page>/", views.papers_view, name="papers-page"),
    path("<slug:slug>/papers/<int:number>/", views.paper_view, name="paper"),
    path("<slug:slug>/papers/<int:number>/paper.pdf", views.paper_pdf_view, name="paper-pdf"),
    path(
        "<slug:slug>/papers/<int:number>/poster.pdf",
        views.paper_presentation_file_view,
        {"kind": "poster"},
        name="paper-poster",
    ),
    path(
        "<slug:slug>/papers/<int:number>/slides.pdf",
        views.paper_presentation_file_view,
        {"kind": "slides"},
        name="paper-slides",
    ),
    path("<slug:slug>/posters/", views.posters_view, name="posters"),
    path("<slug:slug>/posters/session/<int:session>/", views.posters_view, name="posters-session"),
    path("<slug:slug>/posters/session/<int:session>/page/<int:page>/", views.posters_view, name="posters-page"),
    path("<slug:slug>/posters/<int:number>.png", views.poster_thumbnail_view, name="poster-thumb"),
    path("<slug:slug>/speakers/", views.speakers_view, name="speakers"),
    path("<slug:slug>/speakers/<int:speaker_id>/photo", views.speaker_photo_view, name="speaker-photo"),
    path("<slug:slug>/organizers/", views.organizers_view, name="organizers"),
    path("<slug:slug>/recordings/", views.recordings_view, name="recordings"),
    path("<slug:slug>/awards/", views.awards_view, name="awards"),
    path("<slug:slug>/breakouts/", views.breakouts_view, name="breakouts"),
]
