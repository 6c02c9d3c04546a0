from django.urls import path

from . import apis, views
from .views import breakouts, content

app_name = "program"
urlpatterns = [
    path("organize/<slug:slug>/program/", views.builder_view, name="builder"),
    path("organize/<slug:slug>/program/slots/<int:slot_id>/", views.slot_edit_view, name="slot-edit"),
    path("organize/<slug:slug>/program/slots/<int:slot_id>/delete/", views.slot_delete_view, name="slot-delete"),
    path(
        "organize/<slug:slug>/program/slots/<int:slot_id>/recording/", views.slot_recording_view, name="slot-recording"
    ),
    path("organize/<slug:slug>/program/rooms/", content.rooms_view, name="rooms"),
    path("organize/<slug:slug>/program/rooms/<int:room_id>/", content.room_edit_view, name="room-edit"),
    path("organize/<slug:slug>/program/rooms/<int:room_id>/delete/", content.room_delete_view, name="room-delete"),
    path("organize/<slug:slug>/program/sessions/", content.sessions_view, name="sessions"),
    path("organize/<slug:slug>/program/sessions/<int:session_id>/", content.session_edit_view, name="session-edit"),
    path("organize/<slug:slug>/program/speakers/", content.speakers_view, name="speakers"),
    path("organize/<slug:slug>/program/speakers/<int:speaker_id>/", content.speaker_edit_view, name="speaker-edit"),
    path("organize/<slug:slug>/program/slots/<int:slot_id>/people/", content.slot_people_view, name="slot-people"),
    path("organize/<slug:slug>/program/release/", views.release_view, name="release"),
    path("organize/<slug:slug>/program/orals/", views.orals_fill_view, name="orals-fill"),
    path("organize/<slug:slug>/program/posters/", views.posters_view, name="posters"),
    path("organize/<slug:slug>/program/posters/place/", views.posters_place_view, name="posters-place"),
    path("organize/<slug:slug>/program/posters/<int:board_id>/", views.board_edit_view, name="board-edit"),
    path("organize/<slug:slug>/feedback/", views.feedback_summary_view, name="feedback-summary"),
    path("organize/<slug:slug>/breakouts/", views.outcomes_view, name="outcomes"),
    path("organize/<slug:slug>/breakouts/<int:outcome_id>/", views.outcome_edit_view, name="outcome-edit"),
    path("organize/<slug:slug>/breakout-groups/", breakouts.groups_organize_view, name="breakout-groups"),
    path(
        "organize/<slug:slug>/breakout-groups/<int:group_id>/",
        breakouts.group_edit_view,
        name="breakout-group-edit",
    ),
    path(
        "organize/<slug:slug>/breakout-groups/<int:group_id>/delete/",
        breakouts.group_delete_view,
        name="breakout-group-delete",
    ),
    path("<slug:slug>/breakout-groups/", breakouts.groups_public_view, name="breakout-groups-public"),
    path("<slug:slug>/breakout-groups/<int:group_id>/join/", breakouts.group_join_view, name="breakout-group-join"),
    path("<slug:slug>/breakout-groups/<int:group_id>/leave/", breakouts.group_leave_view, name="breakout-group-leave"),
    path("author/<slug:slug>/papers/<int:number>/presentation/", views.presenter_view, name="presenter"),
    path("<slug:slug>/feedback/", views.feedback_view, name="feedback"),
    path("api/v1/program/<slug:slug>/schedule/", apis.ScheduleApi.as_view(), name="api-schedule"),
    path("api/v1/program/<slug:slug>/rooms/", apis.RoomListApi.as_view(), name="api-rooms"),
    path("api/v1/program/<slug:slug>/rooms/<int:room_id>/", apis.RoomApi.as_view(), name="api-room"),
    path("api/v1/program/<slug:slug>/sessions/", apis.SessionListApi.as_view(), name="api-sessions"),
    path("api/v1/program/<slug:slug>/sessions/<int:session_id>/", apis.SessionApi.as_view(), name="api-session"),
    path("api/v1/program/<slug:slug>/speakers/", apis.SpeakerListApi.as_view(), name="api-speakers"),
    path("api/v1/program/<slug:slug>/speakers/<int:speaker_id>/", apis.SpeakerApi.as_view(), name="api-speaker"),
    path("api/v1/program/<slug:slug>/slots/", apis.SlotListApi.as_view(), name="api-slots"),
    path(
        "api/v1/program/<slug:slug>/papers/<int:number>/files/<str:kind>/",
        apis.PresenterFileApi.as_view(),
        name="api-presenter-file",
    ),
    path(
        "api/v1/program/<slug:slug>/papers/<int:number>/recording/",
        apis.PresenterRecordingApi.as_view(),
        name="api-presenter-recording",
    ),
]
