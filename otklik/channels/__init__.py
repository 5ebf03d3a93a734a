"""The channels room: mailboxes, the social-media inbox and the contact centre, with their settings."""
