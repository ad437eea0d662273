"""Open data: everything public, in bulk, as CSV in a ZIP and as JSON Lines (NLOD 2.0)."""
