"""GraphQL operations of the invitation pages."""

from webapp.core.entities import EVENT_FIELDS, USER_FIELDS

INBOX = f"""
query Inbox {{
  myInvitations(status: PENDING, first: 100) {{
    nodes {{ id status inviter {{ {USER_FIELDS} }} event {{ {EVENT_FIELDS} }} }}
  }}
}}
"""

RESPOND = """
mutation Respond($id: ID!, $status: InvitationStatus!) {
  respondToInvitation(id: $id, status: $status) { id status event { id } }
}
"""

INVITE = """
mutation Invite($eventId: ID!, $inviteeId: ID!) {
  invite(eventId: $eventId, inviteeId: $inviteeId) { id status }
}
"""

SEARCH_USERS = f"""
query SearchUsers($prefix: String!) {{
  searchUsers(prefix: $prefix, first: 10) {{ nodes {{ {USER_FIELDS} }} }}
}}
"""
