"""Open311 GeoReport v2 over appeals: discovery, services, requests and tokens (003 §6.1)."""
