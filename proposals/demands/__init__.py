"""Demands, their versions, status history and the secretariat's internal notes."""
