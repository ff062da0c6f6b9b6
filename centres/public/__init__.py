"""The public tracker and the centre list: views, filters, forms, exports."""
