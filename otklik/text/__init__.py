"""The text room: Russian text intelligence (classifier suggestions, mood, routing, repeats, answer style)."""
