"""The API answers in its one format whatever the client's Accept header or `format` says."""

from rest_framework.negotiation import BaseContentNegotiation


class OneFormat(BaseContentNegotiation):
    """Pick the view's first renderer (JSON; the docs page's HTML or script), never a 406."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
