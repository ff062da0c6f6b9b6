"""The read-only JSON API (SPEC §4.4): the registry's lists and details, and what every endpoint
shares (paging, throttling, errors, the schema and its page)."""
