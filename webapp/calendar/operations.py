"""GraphQL operations behind the calendar pages.

Each part is its own operation: the lists are non-null root fields, so a failing subgraph
would null the whole response (GraphQL null propagation) if they shared one operation.
"""

from webapp.core.entities import EVENT_FIELDS

MY_EVENTS = f"""
query MyEvents($from: DateTime!, $to: DateTime!) {{
  myEvents(from: $from, to: $to, first: 100) {{ nodes {{ {EVENT_FIELDS} }} }}
}}
"""

MY_PARTICIPATIONS = f"""
query MyParticipations {{
  myParticipations(first: 100) {{ nodes {{ event {{ {EVENT_FIELDS} }} }} }}
}}
"""

MY_ANSWERS = f"""
query MyAnswers {{
  accepted: myInvitations(status: ACCEPTED, first: 100) {{
    nodes {{ event {{ {EVENT_FIELDS} }} }}
  }}
  tentative: myInvitations(status: TENTATIVE, first: 100) {{
    nodes {{ event {{ {EVENT_FIELDS} }} }}
  }}
}}
"""

# Every occurrence of my own events in a window (series expanded by the events subgraph),
# page by page; the owner is the viewer, so no owner is selected (1 per node in cost).
MY_OCCURRENCES = """
query MyOccurrences($from: DateTime!, $to: DateTime!, $after: String) {
  myOccurrences(from: $from, to: $to, first: 500, after: $after) {
    nodes {
      eventId recurrenceId title description isPublic startsAt endsAt timeZone allDay
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""

# The occurrences of the events I take part in or answered (series expanded).
OCCURRENCES_OF = """
query OccurrencesOf($ids: [ID!]!, $from: DateTime!, $to: DateTime!, $after: String) {
  occurrencesOf(eventIds: $ids, from: $from, to: $to, first: 500, after: $after) {
    nodes {
      eventId recurrenceId title description isPublic startsAt endsAt timeZone allDay
    }
    pageInfo { hasNextPage endCursor }
  }
}
"""
