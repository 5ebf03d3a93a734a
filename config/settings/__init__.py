"""Settings package: base (env-driven), test and production overrides."""
