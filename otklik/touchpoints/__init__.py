"""The registry room: processes, touchpoints, needs, change requests, versions and publication (R-TP)."""
