"""Template tags of the channels room."""
