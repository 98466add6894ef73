"""``python -m subgraphs.invitations``: serve the invitations subgraph."""

from subgraphs.common import serve
from subgraphs.invitations.app import app

serve(app, app.state.settings)
