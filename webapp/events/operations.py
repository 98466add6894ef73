"""GraphQL operations of the event pages."""

from webapp.core.entities import EVENT_FIELDS, USER_FIELDS
from webapp.core.recurrence import RECURRENCE_FIELDS

INVITATION_FIELDS = f"id status invitee {{ {USER_FIELDS} }}"
PARTICIPANTS = f"participants(first: 100) {{ nodes {{ user {{ {USER_FIELDS} }} }} }}"

EVENT = f"query Event($id: ID!) {{ event(id: $id) {{ {EVENT_FIELDS} {RECURRENCE_FIELDS} }} }}"

# Lists owned by other subgraphs are non-null: a failing subgraph would null the whole event
# (GraphQL null propagation), so each is asked under its own alias of ``event``. The guest
# lists are deferred: the page shows the event while the router still fetches them.
GUESTS_LABEL = "guests"
EVENT_PAGE = f"""
query EventPage($id: ID!) {{
  event(id: $id) {{
    {EVENT_FIELDS}
    myInvitation {{ id status }}
    myParticipation {{ id }}
  }}
  ... @defer(label: "{GUESTS_LABEL}") {{
    withParticipants: event(id: $id) {{ id {PARTICIPANTS} }}
    withInvitations: event(id: $id) {{
      id invitations(first: 100) {{ nodes {{ {INVITATION_FIELDS} }} }}
    }}
  }}
}}
"""

# The guest list (a fragment of its own, so it can later be streamed with @defer).
EVENT_GUESTS = f"""
query EventGuests($id: ID!) {{
  event(id: $id) {{ id owner {{ {USER_FIELDS} }} {PARTICIPANTS} }}
  withInvitations: event(id: $id) {{
    id invitations(first: 100) {{ nodes {{ {INVITATION_FIELDS} }} }}
  }}
}}
"""

REMOVE_GUEST = """
mutation RemoveGuest($eventId: ID!, $userId: ID!) {
  removeParticipant(eventId: $eventId, userId: $userId)
}
"""

CANCEL_INVITATION = "mutation CancelInvitation($id: ID!) { cancelInvitation(id: $id) }"

CREATE_EVENT = """
mutation CreateEvent($input: CreateEventInput!) { createEvent(input: $input) { id } }
"""

UPDATE_EVENT = """
mutation UpdateEvent($id: ID!, $input: UpdateEventInput!) {
  updateEvent(id: $id, input: $input) { id }
}
"""

DELETE_EVENT = "mutation DeleteEvent($id: ID!) { deleteEvent(id: $id) }"

JOIN_EVENT = "mutation JoinEvent($eventId: ID!) { joinEvent(eventId: $eventId) { id } }"
LEAVE_EVENT = "mutation LeaveEvent($eventId: ID!) { leaveEvent(eventId: $eventId) }"

PUBLIC_EVENTS = f"""
query PublicEvents($search: String, $from: DateTime, $to: DateTime, $after: String) {{
  publicEvents(search: $search, from: $from, to: $to, first: 20, after: $after) {{
    nodes {{ {EVENT_FIELDS} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}
"""

# Move one occurrence of a series (the time grid's drag on a repeating event).
UPDATE_OCCURRENCE = """
mutation UpdateOccurrence($id: ID!, $at: DateTime!, $input: OccurrenceInput!) {
  updateOccurrence(id: $id, recurrenceId: $at, scope: THIS, input: $input) { id }
}
"""

# The event form and delete page on one occurrence: THIS, THIS_AND_FOLLOWING or ALL.
CHANGE_OCCURRENCES = """
mutation ChangeOccurrences(
  $id: ID!, $at: DateTime!, $scope: RecurrenceScope!, $input: OccurrenceInput!
) {
  updateOccurrence(id: $id, recurrenceId: $at, scope: $scope, input: $input) { id }
}
"""

DELETE_OCCURRENCES = """
mutation DeleteOccurrences($id: ID!, $at: DateTime!, $scope: RecurrenceScope!) {
  deleteOccurrence(id: $id, recurrenceId: $at, scope: $scope)
}
"""
