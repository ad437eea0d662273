"""What tells people that something changed: Atom feeds (and, later, e-mail alerts)."""
