"""Per-user secret iCalendar feed (RFC 5545) of the calendar, with its own small store.

How the feed authenticates to the router
----------------------------------------
A calendar client fetching the feed URL carries no session, and the router only accepts user
tokens issued by the users subgraph at login (there is no service account, and the web app
never reads subgraphs or databases). So the feed keeps, next to its secret, the user's most
recent router token: it is refreshed at every login and every visit of the feed page. While
that token is valid the feed is rendered live through the router and the result is kept as a
snapshot; once it has expired (or the router is down) the last snapshot is served, and the
feed page tells the user to log in to refresh it. If there is no snapshot yet the feed answers
503 with Retry-After.

The sound long-term design is a feed-scoped, long-lived, revocable token issued by the users
subgraph (e.g. scope ``feed:read``) that the router accepts for read queries only; the web app
would store that token instead of the session token, with no other change here.
"""
