"""The core room: base model, application errors, the audit log, periodic sweeps and health."""
