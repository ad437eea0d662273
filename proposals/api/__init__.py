"""The REST API under /api/v1/: reads through the portal's visibility rule, writes through services."""
