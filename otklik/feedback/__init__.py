"""Feedback: surveys, satisfaction figures, anonymous staff surveys, follow-up of negative answers."""
