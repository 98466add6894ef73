"""Live pages: one server-sent event stream per page that says "something changed: <topic>".

The stream view subscribes to the router's subscriptions (GraphQL over SSE) with the
session's token (server side: the browser never holds it) and forwards one small event per
change; ``static/webapp/live.js`` re-fetches the page regions marked ``data-live``.
"""
