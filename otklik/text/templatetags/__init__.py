"""Template tags of the text room."""
