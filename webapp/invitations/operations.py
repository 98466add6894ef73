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

FREE_BUSY = """
query FreeBusy($ids: [ID!]!, $from: DateTime!, $to: DateTime!) {
  freeBusy(userIds: $ids, from: $from, to: $to) { userId status busy { startsAt endsAt } }
}
"""

# Who could attend, with their zones (working hours are theirs), for "find a time".
EVENT_PEOPLE = f"""
query EventPeople($id: ID!) {{
  event(id: $id) {{
    id startsAt endsAt owner {{ id timeZone }}
    invitations(first: 100) {{ nodes {{ status invitee {{ {USER_FIELDS} timeZone }} }} }}
  }}
}}
"""
