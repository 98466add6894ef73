"""Logs, request ids, metrics and tracing shared by the router, the subgraphs and the web app.

Importing this package (or ``logs``, ``request_id``, ``access``) loads no OpenTelemetry code:
``tracing`` imports the SDK only when tracing is switched on.
"""
