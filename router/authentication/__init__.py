"""Authentication at the router, and the credential it sends to subgraphs.

- ``jwks``: the issuer's JWK Set, cached and refetched on an unknown ``kid``.
- ``authenticator``: ``Authorization: Bearer`` → :class:`router.interfaces.Identity`.
- ``credentials``: the short-lived internal credential the router sends to subgraphs.
- ``setup``: both built from :class:`router.settings.RouterSettings`.

Key files, token verification and the expiring cache, which the subgraphs share, live in
:mod:`plumbing` (``keys``, ``tokens``, ``cache``).
"""
