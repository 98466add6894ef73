"""``python -m subgraphs.calendars``: serve the calendars subgraph."""

from subgraphs.calendars.app import app
from subgraphs.common import serve

serve(app, app.state.settings)
