"""Every cell of a phone-width labelled-rows table (`<table class="rows">`, SPEC §6) is labelled
with its own column's header, on every public page in both languages (issue 18)."""

from html.parser import HTMLParser

import pytest

from tests.a11y.pages import LANGUAGES, PAGE_PATHS, STATUS, localized
from tests.factories import every_page_registry


class RowsTables(HTMLParser):
    """Collect each rows table's column headers and, per body row, its cells' labels."""

    def __init__(self):
        super().__init__()
        self.tables, self.section, self.cell = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "rows" in (attrs.get("class") or "").split():
            self.tables.append({"headers": [], "rows": []})
        elif not self.tables or self.tables[-1].get("done"):
            return
        elif tag in ("thead", "tbody", "tfoot"):
            self.section = tag
        elif tag == "tr" and self.section != "thead":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td"):
            self.cell = {"tag": tag, "label": attrs.get("data-label"), "text": ""}

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data

    def handle_endtag(self, tag):
        if not self.tables or self.tables[-1].get("done"):
            return
        if tag in ("th", "td") and self.cell is not None:
            table, cell = self.tables[-1], self.cell
            if self.section == "thead":
                table["headers"].append(" ".join(cell["text"].split()))
            else:
                table["rows"][-1].append(cell)
            self.cell = None
        elif tag == "table":
            self.tables[-1]["done"] = True


def mislabelled(html):
    """Return each cell whose label is missing or is not its column's header."""
    parser = RowsTables()
    parser.feed(html)
    found = []
    for table in parser.tables:
        for row in table["rows"]:
            assert len(row) == len(table["headers"]), (table["headers"], row)
            for header, cell in zip(table["headers"], row, strict=True):
                if cell["tag"] == "td" and cell["label"] != header:
                    found.append(f"{cell['label']!r} labels a cell of column {header!r}")
    return found, len(parser.tables)


# Pages whose every table is a labelled-rows table: the tracker's, a detail page's, a chart's.
WITH_ROWS_TABLES = [
    "/",
    "/progress/",
    "/parks/stp-lahore/",
    "/centres/erc-lahore/",
    "/companies/acme/",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_labelled_cell_names_its_own_column(client, language):
    every_page_registry()
    found, tables = [], {}
    for path in PAGE_PATHS:
        url = localized(language, path)
        response = client.get(url)
        assert response.status_code == STATUS.get(path, 200), url
        page_found, tables[path] = mislabelled(response.content.decode())
        found += [f"{url}: {line}" for line in page_found]

    assert all(tables[path] for path in WITH_ROWS_TABLES), tables
    assert not found, "\n".join(found)
