"""``python -m subgraphs.events``: serve the events subgraph."""

from subgraphs.common import serve
from subgraphs.events.app import app

serve(app, app.state.settings)
