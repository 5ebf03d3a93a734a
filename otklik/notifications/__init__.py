"""The notifications room: outgoing messages to staff and clients (e-mail through real SMTP)."""
