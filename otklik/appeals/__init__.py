"""The appeals room: appeals (59-FZ) and information requests (8-FZ) from intake to closing."""
