"""The router subscriptions behind the live topics, and the navigation's pending count."""

LIVE_INVITATIONS = """
subscription LiveInvitations($after: String) {
  invitationChanges(after: $after) { kind cursor invitationId }
}
"""

LIVE_EVENTS = """
subscription LiveEvents($after: String) {
  eventChanges(after: $after) { kind cursor eventId }
}
"""

LIVE_PARTICIPANTS = """
subscription LiveParticipants($eventId: ID!, $after: String) {
  participationChanges(eventId: $eventId, after: $after) { kind cursor }
}
"""

LIVE_SHARES = """
subscription LiveShares($after: String) {
  shareChanges(after: $after) { kind cursor }
}
"""

PENDING_COUNT = """
query PendingCount {
  myInvitations(status: PENDING, first: 1) { totalCount }
}
"""
