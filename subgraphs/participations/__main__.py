"""``python -m subgraphs.participations``: serve the participations subgraph."""

from subgraphs.common import serve
from subgraphs.participations.app import app

serve(app, app.state.settings)
