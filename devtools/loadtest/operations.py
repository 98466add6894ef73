"""The GraphQL operations the simulated API clients send to the router."""

from __future__ import annotations

REGISTER = "mutation($input: RegisterInput!) { register(input: $input) { id username } }"
LOGIN = """
mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { id } } }
"""
MY_CALENDAR = """
query MyCalendar($from: DateTime!, $to: DateTime!) {
  myEvents(from: $from, to: $to, first: 50) {
    nodes { id title startsAt endsAt isPublic owner { displayName } participantCount }
  }
  myInvitations(first: 10) { nodes { id status event { id title } inviter { displayName } } }
  myParticipations(first: 10) { nodes { id event { id title startsAt } } }
}
"""
PUBLIC_EVENTS = """
query PublicEvents {
  publicEvents(first: 20) { nodes { id title startsAt owner { displayName } participantCount } }
}
"""
CREATE_EVENT = "mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }"
EVENT = """
query Event($id: ID!) {
  event(id: $id) {
    id title description startsAt endsAt timeZone isPublic owner { displayName }
    participantCount myInvitation { status } myParticipation { id }
  }
}
"""
INVITE = """
mutation($eventId: ID!, $inviteeId: ID!) { invite(eventId: $eventId, inviteeId: $inviteeId) { id } }
"""
PENDING_INVITATIONS = "{ myInvitations(status: PENDING, first: 10) { nodes { id } } }"
RESPOND = """
mutation($id: ID!, $status: InvitationStatus!) {
  respondToInvitation(id: $id, status: $status) { id status }
}
"""
