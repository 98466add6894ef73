"""GraphQL operations of the sharing pages (calendars subgraph via the router)."""

from webapp.core.entities import EVENT_FIELDS, USER_FIELDS

SHARES = f"""
query Shares {{
  sharesGiven(first: 100) {{ nodes {{ level grantee {{ {USER_FIELDS} }} }} }}
  sharesReceived(first: 100) {{ nodes {{ level owner {{ {USER_FIELDS} }} }} }}
}}
"""

FIND_USER = f"""
query FindUser($prefix: String!) {{
  searchUsers(prefix: $prefix, first: 20) {{ nodes {{ {USER_FIELDS} }} }}
}}
"""

SHARE = """
mutation Share($granteeId: ID!, $level: ShareLevel!) {
  shareCalendar(granteeId: $granteeId, level: $level) { level }
}
"""

REVOKE = "mutation Revoke($granteeId: ID!) { revokeShare(granteeId: $granteeId) }"

SHARED_CALENDAR = f"""
query SharedCalendar($ownerId: ID!, $from: DateTime!, $to: DateTime!) {{
  calendarAccess(ownerId: $ownerId)
  user(id: $ownerId) {{
    {USER_FIELDS}
    events(from: $from, to: $to, first: 100) {{ nodes {{ {EVENT_FIELDS} }} }}
  }}
}}
"""
