"""The API room: REST API v1 adapters, authentication and the common error format."""
