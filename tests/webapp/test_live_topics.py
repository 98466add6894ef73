"""The live stream's topics and resume ids (what a reconnecting browser sends back)."""

from __future__ import annotations

from webapp.live.topics import TOPICS, decode_cursors, encode_cursors, requested, since_cursor

EVENT = "0123456789abcdef01234567"


def test_only_known_topics_are_followed_and_participants_need_an_event() -> None:
    names = [t.name for t in requested("invitations, events,bogus,participants", None)]
    assert names == ["invitations", "events"]
    with_event = requested("participants,shares", EVENT)
    assert [t.name for t in with_event] == ["participants", "shares"]
    assert with_event[0].variables("12", EVENT) == {"after": "12", "eventId": EVENT}
    assert requested("participants", "not-an-id") == []


def test_every_topic_resumes_from_its_own_cursor() -> None:
    topics = requested("invitations,events,shares", None)
    last_id = encode_cursors({"invitations": "7", "events": "41", "shares": None})
    assert last_id == "events=41;invitations=7"
    assert decode_cursors(last_id, topics) == {"invitations": "7", "events": "41", "shares": None}


def test_a_forged_resume_id_is_ignored() -> None:
    topics = [TOPICS["invitations"], TOPICS["events"]]
    forged = "invitations=1 OR 1;events=-3;admin=1;events=99999999999999999999"
    assert decode_cursors(forged, topics) == {"invitations": None, "events": None}
    assert decode_cursors(None, topics) == {"invitations": None, "events": None}


def test_a_page_starts_its_topics_from_its_render_time() -> None:
    assert since_cursor("1765000000000") == "t1764999998000"  # with a 2 s margin
    assert since_cursor(None) is None
    assert since_cursor("soon") is None
