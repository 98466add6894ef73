"""The event page's data: the event plus who participates, who is invited, and my answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from webapp.core.entities import Event, Invitation, Person, nodes
from webapp.core.session import Viewer
from webapp.events.guests import Guest, guest_list


def people(connection: Any) -> list[Person] | None:
    """Persons of a connection of users or participations; ``None`` if it was not loaded."""
    if connection is None:
        return None
    raw = [node.get("user", node) if isinstance(node, dict) else None for node in nodes(connection)]
    return [person for person in (Person.parse(item) for item in raw) if person is not None]


def invitations(connection: Any) -> list[Invitation] | None:
    if connection is None:
        return None
    parsed = (Invitation.parse(node) for node in nodes(connection))
    return [invitation for invitation in parsed if invitation is not None]


@dataclass(frozen=True)
class EventDetails:
    event: Event
    viewer: Viewer
    participants: list[Person] | None
    invitations: list[Invitation] | None
    my_invitation: Invitation | None
    joined: bool
    membership_known: bool = True  # False: whether I take part could not be loaded

    @classmethod
    def parse(
        cls,
        raw: dict[str, Any],
        viewer: Viewer,
        *,
        with_participants: Any = None,
        with_invitations: Any = None,
        membership_known: bool = True,
    ) -> EventDetails:
        """``raw`` is the event; the lists may come in separate objects (see EVENT_PAGE),
        or not yet (deferred: ``None``)."""
        event = Event.parse(raw)
        assert event is not None
        participants_of = with_participants if isinstance(with_participants, dict) else raw
        invitations_of = with_invitations if isinstance(with_invitations, dict) else raw
        return cls(
            event=event,
            viewer=viewer,
            participants=people(participants_of.get("participants")),
            invitations=invitations(invitations_of.get("invitations")),
            my_invitation=Invitation.parse(raw.get("myInvitation")),
            joined=isinstance(raw.get("myParticipation"), dict),
            membership_known=membership_known,
        )

    @property
    def guests(self) -> list[Guest] | None:
        return guest_list(self.participants, self.invitations)

    @property
    def is_owner(self) -> bool:
        return self.event.owner is not None and self.event.owner.id == self.viewer.id

    @property
    def is_participant(self) -> bool:
        if self.joined:
            return True
        return any(person.id == self.viewer.id for person in self.participants or ())

    @property
    def can_join(self) -> bool:
        if self.is_owner or self.is_participant or not self.membership_known:
            return False
        return self.event.is_public or self.my_invitation is not None
