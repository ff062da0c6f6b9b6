"""The public site of the registry: lists, detail pages, their filters, exports and charts."""
