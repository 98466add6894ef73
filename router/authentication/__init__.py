"""Authentication at the router, and the token plumbing the subgraphs share with it.

- ``keys``: Ed25519 JWK files (reading, dev-only generation).
- ``tokens``: bearer parsing and JWT verification (signature, ``exp``, ``iss``, ``aud``).
- ``cache``: a bounded LRU whose entries expire (verified tokens, minted credentials).
- ``jwks``: the issuer's JWK Set, cached and refetched on an unknown ``kid``.
- ``authenticator``: ``Authorization: Bearer`` → :class:`router.interfaces.Identity`.
- ``credentials``: the short-lived internal credential the router sends to subgraphs.
- ``setup``: both built from :class:`router.settings.RouterSettings`.

``keys``, ``tokens`` and ``cache`` import neither aiohttp nor a web framework: the subgraphs
use them to verify the router's credential.
"""
