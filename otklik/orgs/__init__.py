"""The organisations room: bodies, units, staff, roles, channels, permissions and presets."""
