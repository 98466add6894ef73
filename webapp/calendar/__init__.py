"""Calendar views: month, week and agenda of the viewer's events, joined events and RSVPs."""
