"""GraphQL documents the middleman tests send through the router."""

INVITE = """mutation($e: ID!, $u: ID!) { invite(eventId: $e, inviteeId: $u) { id status } }"""
RESPOND = """mutation($id: ID!, $s: InvitationStatus!) {
  respondToInvitation(id: $id, status: $s) { id status }
}"""
CANCEL = """mutation($id: ID!) { cancelInvitation(id: $id) }"""
JOIN = """mutation($e: ID!) { joinEvent(eventId: $e) { id } }"""
LEAVE = """mutation($e: ID!) { leaveEvent(eventId: $e) }"""
SHARE = (
    """mutation($g: ID!, $l: ShareLevel!) { shareCalendar(granteeId: $g, level: $l) { level } }"""
)
REVOKE = """mutation($g: ID!) { revokeShare(granteeId: $g) }"""
DELETE = """mutation($id: ID!) { deleteEvent(id: $id) }"""
UPDATE = """mutation($id: ID!, $input: UpdateEventInput!) {
  updateEvent(id: $id, input: $input) { id isPublic }
}"""
EVENT = """query($id: ID!) { event(id: $id) { id title access } }"""
INBOX = """query($s: InvitationStatus) {
  myInvitations(status: $s) { nodes { id status event { id } } }
}"""
MY_PARTICIPATIONS = """query { myParticipations { nodes { event { id } } } }"""
PARTICIPANTS = """query($id: ID!) { event(id: $id) { participants { nodes { user { id } } } } }"""
CALENDAR = """query($owner: ID!) {
  user(id: $owner) { events { nodes { id title description startsAt endsAt access } } }
}"""
REMOVE_PARTICIPANT = """mutation($e: ID!, $u: ID!) { removeParticipant(eventId: $e, userId: $u) }"""
DELETE_ACCOUNT = """mutation($p: String!) { deleteAccount(password: $p) }"""
PUBLIC_OWNERS = """query { publicEvents(first: 50) { nodes { id owner { username } } } }"""
