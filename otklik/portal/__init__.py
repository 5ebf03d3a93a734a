"""The public portal: what citizens and organisations see without logging in."""
