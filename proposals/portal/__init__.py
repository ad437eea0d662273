"""The public portal's reads: browse, facets, search and exports."""
