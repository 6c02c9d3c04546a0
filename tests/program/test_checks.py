import datetime as dt

from sllm.program.checks import paper_warnings, release_changes, slot_warnings

T = dt.datetime(2026, 4, 27, 9, 0, tzinfo=dt.UTC)


def slot(id, start, end, room="Main", people=None, title=None):
    return {
        "id": id,
        "title": title or f"S{id}",
        "room": room,
        "start": T + dt.timedelta(minutes=start),
        "end": T + dt.timedelta(minutes=end),
        "people": people or {},
    }


def test_slot_warnings_room_overlap_and_speaker_in_two_places():
    slots = [
        slot(1, 0, 35, people={"u1": "Ada"}),
        slot(2, 30, 50, people={"u1": "Ada"}),
        slot(3, 30, 50, room="Posters", people={"u2": "Bob"}),
        slot(4, 35, 60, people={"u2": "Bob"}),
    ]
    assert slot_warnings(slots) == [
        {"code": "room_overlap", "message": "“S1” and “S2” overlap in Main.", "slots": [1, 2]},
        {"code": "speaker_conflict", "message": "Ada is due in two places at once: “S1” and “S2”.", "slots": [1, 2]},
        {"code": "room_overlap", "message": "“S2” and “S4” overlap in Main.", "slots": [2, 4]},
        {"code": "speaker_conflict", "message": "Bob is due in two places at once: “S3” and “S4”.", "slots": [3, 4]},
    ]


def test_slot_warnings_back_to_back_slots_are_fine():
    assert slot_warnings([slot(1, 0, 35, people={"u1": "A"}), slot(2, 35, 55, people={"u1": "A"})]) == []


def test_paper_warnings_name_the_forgotten_papers():
    assert paper_warnings(
        orals_without_slot=[{"number": 3, "title": "X"}], posters_without_board=[{"number": 4, "title": "Y"}]
    ) == [
        {"code": "oral_without_slot", "message": "Oral paper #3 “X” has no slot.", "slots": []},
        {"code": "poster_without_board", "message": "Poster paper #4 “Y” has no board.", "slots": []},
    ]


def test_release_changes_lists_moved_added_and_removed_slots():
    def snap(uid, start, room="Main", title="T"):
        return {"uid": uid, "title": title, "start": start, "end": start + "x", "room": room, "speakers": []}

    before = [snap("a", "09:00"), snap("b", "10:00"), snap("c", "11:00")]
    after = [snap("a", "09:00"), snap("b", "10:30", room="Hall"), snap("d", "12:00", title="New")]
    assert release_changes(before, after) == [
        {
            "uid": "b",
            "title": "T",
            "change": "changed",
            "fields": {
                "start": {"before": "10:00", "after": "10:30"},
                "end": {"before": "10:00x", "after": "10:30x"},
                "room": {"before": "Main", "after": "Hall"},
            },
        },
        {"uid": "c", "title": "T", "change": "removed", "fields": {}},
        {"uid": "d", "title": "New", "change": "added", "fields": {}},
    ]
