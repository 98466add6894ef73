"""GraphQL operations of the event pages."""

from webapp.core.entities import EVENT_FIELDS, USER_FIELDS

INVITATION_FIELDS = f"id status invitee {{ {USER_FIELDS} }}"
PARTICIPANTS = f"participants(first: 100) {{ nodes {{ user {{ {USER_FIELDS} }} }} }}"

EVENT = f"query Event($id: ID!) {{ event(id: $id) {{ {EVENT_FIELDS} recurrence {{ rule }} }} }}"

# Lists owned by other subgraphs are non-null: a failing subgraph would null the whole event
# (GraphQL null propagation), so each is asked under its own alias of ``event``.
EVENT_PAGE = f"""
query EventPage($id: ID!) {{
  event(id: $id) {{
    {EVENT_FIELDS}
    myInvitation {{ id status }}
    myParticipation {{ id }}
  }}
  withParticipants: event(id: $id) {{ id {PARTICIPANTS} }}
  withInvitations: event(id: $id) {{
    id invitations(first: 100) {{ nodes {{ {INVITATION_FIELDS} }} }}
  }}
}}
"""

EVENT_PARTICIPANTS = f"""
query EventParticipants($id: ID!) {{
  event(id: $id) {{ id owner {{ id }} {PARTICIPANTS} }}
}}
"""

EVENT_INVITATIONS = f"""
query EventInvitations($id: ID!) {{
  event(id: $id) {{
    id owner {{ id }} invitations(first: 100) {{ nodes {{ {INVITATION_FIELDS} }} }}
  }}
}}
"""

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
