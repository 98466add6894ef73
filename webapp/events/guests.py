"""One guest list per event: every invitee with their answer, and who joined uninvited.

Accepting an invitation also makes the invitee a participant (the router keeps the two
together), so invitations and participations are merged per person. Guests other than the
owner see no invitations (the router gives them none): for them the list is who takes part.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from webapp.core.entities import Invitation, Person


class State(StrEnum):
    ACCEPTED = "ACCEPTED"
    JOINED = "JOINED"
    TENTATIVE = "TENTATIVE"
    PENDING = "PENDING"
    DECLINED = "DECLINED"

    @property
    def label(self) -> str:
        return {
            State.ACCEPTED: "Going",
            State.JOINED: "Joined without invitation",
            State.TENTATIVE: "Maybe",
            State.PENDING: "Invited, no answer yet",
            State.DECLINED: "Declined",
        }[self]


ORDER = list(State)


@dataclass(frozen=True)
class Guest:
    person: Person
    state: State
    invitation_id: str | None  # None: joined without an invitation
    takes_part: bool

    @property
    def can_reinvite(self) -> bool:
        return self.state is State.DECLINED and self.invitation_id is not None


def guest_list(
    participants: list[Person] | None, invitations: list[Invitation] | None
) -> list[Guest] | None:
    """Merged and sorted (going first); ``None`` when the participants could not be loaded."""
    if participants is None:
        return None
    taking_part = {person.id: person for person in participants}
    guests: dict[str, Guest] = {}
    for invitation in invitations or ():
        person = invitation.invitee
        if person is None:
            continue
        state = (
            State(invitation.status) if invitation.status in State.__members__ else State.PENDING
        )
        guests[person.id] = Guest(person, state, invitation.id, person.id in taking_part)
    for person in participants:
        if person.id not in guests:
            guests[person.id] = Guest(person, State.JOINED, None, True)
        elif guests[person.id].state is State.PENDING:  # joining accepts; the answer may lag
            guests[person.id] = Guest(person, State.ACCEPTED, guests[person.id].invitation_id, True)
    return sorted(guests.values(), key=lambda g: (ORDER.index(g.state), g.person.label.lower()))
