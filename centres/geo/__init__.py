"""Pakistan's seven units as drawn on the map (SPEC §4.3): derived shapes and their projection."""
