"""Stored charts: a generation of snapshots, swapped whole, and the refresh lock."""
