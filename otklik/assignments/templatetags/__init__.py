"""Template tags of the assignments room."""
