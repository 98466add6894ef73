"""Events: create, edit, delete, the event page (participants, RSVP) and public events."""
