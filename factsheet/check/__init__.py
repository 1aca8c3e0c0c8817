"""Checks over a loaded sheet: references, hedges, own words, prose figures, derived figures, quotes, links."""
