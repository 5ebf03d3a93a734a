"""The calendar room: the Russian production calendar, per-organisation corrections and term arithmetic."""
