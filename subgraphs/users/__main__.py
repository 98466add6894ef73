"""``python -m subgraphs.users``: serve the users subgraph."""

import sys

from subgraphs.common.serve import serve
from subgraphs.users.signing import SigningKeyError

try:
    from subgraphs.users.app import app
except SigningKeyError as error:
    sys.exit(f"users subgraph cannot start: {error}")

serve(app, app.state.settings)
