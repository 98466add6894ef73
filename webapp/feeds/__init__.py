"""Per-user secret iCalendar feed (RFC 5545) of the calendar, with its own small store.

How the feed authenticates to the router
----------------------------------------
A calendar client fetching the feed URL carries no session. The feed has its own credential
instead: a feed key from the users subgraph (``createFeedKey``, called when the feed is
created or its URL regenerated), kept next to the URL's secret. Each fetch exchanges it
(``feedAccess``) for a short-lived token with the ``feed:read`` scope, which can only read
(subgraphs refuse its mutations), and renders the calendar live; the result is kept as a
snapshot, served while the router is down (503 with Retry-After if there is none yet).
The key outlives logins and logouts of the browser; it is revoked when the URL is
regenerated, when the user logs out everywhere, or when the account is removed, and the
feed then answers 410 Gone.
"""
