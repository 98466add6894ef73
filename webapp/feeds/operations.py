"""GraphQL operations of the feed: series (not occurrences) with their recurrence, so that
the feed carries RRULE, EXDATE and RECURRENCE-ID and calendar apps expand it themselves."""

from webapp.core.entities import EVENT_FIELDS, USER_FIELDS
from webapp.core.recurrence import RECURRENCE_FIELDS

SERIES_FIELDS = f"{EVENT_FIELDS} updatedAt uid"

# My events carry their invitees (ATTENDEEs); both lists are bounded so that a page stays
# well within the demand-control budget.
FEED_PAGE_SIZE = 20
MAX_ATTENDEES = 10
INVITEES = (
    f"invitations(first: {MAX_ATTENDEES}) {{ nodes {{ status invitee {{ {USER_FIELDS} }} }} }}"
)

FEED_EVENTS = f"""
query FeedEvents($from: DateTime!, $to: DateTime!, $after: String) {{
  myEvents(from: $from, to: $to, first: {FEED_PAGE_SIZE}, after: $after) {{
    nodes {{ {SERIES_FIELDS} {RECURRENCE_FIELDS} {INVITEES} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}
"""

# Joined and answered series carry their rule and excluded dates (their overrides would
# multiply the cost of these lists by ten).
FEED_PARTICIPATIONS = f"""
query FeedParticipations {{
  myParticipations(first: 100) {{
    nodes {{ event {{ {SERIES_FIELDS} recurrence {{ rule excludedDates }} }} }}
  }}
}}
"""

FEED_ANSWERS = f"""
query FeedAnswers {{
  accepted: myInvitations(status: ACCEPTED, first: 100) {{
    nodes {{ event {{ {SERIES_FIELDS} recurrence {{ rule excludedDates }} }} }}
  }}
  tentative: myInvitations(status: TENTATIVE, first: 100) {{
    nodes {{ event {{ {SERIES_FIELDS} recurrence {{ rule excludedDates }} }} }}
  }}
}}
"""

FEED_VIEWER = "query FeedViewer { me { id username displayName } }"
