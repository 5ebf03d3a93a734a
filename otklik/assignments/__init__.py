"""Resolutions, assignments, reports, acceptance and the two-stage execution control (R-AS-1…3, R-AP-10)."""
