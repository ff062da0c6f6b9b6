"""Fetch every public URL of a registry from two running servers and report each byte difference.

    python -m bench.compare_pages --old http://127.0.0.1:8116 --new http://127.0.0.1:8106
    python -m bench.compare_pages ... --show-all   # every differing line, not a sample per kind

Both servers should serve the same data (e.g. the demo loaded into each one's own database),
one from the commit before a change and one after it. The URLs come from the old server: `/`,
`/progress/`, `/method/` and each list in both languages, each list with every sort, the first
values of every select of its filter form, a search for a word of its first row, dates and
years, invalid values, its second and last page, and each of those as CSV; every detail page
(slugs read from the lists' CSVs), with `?all=1`, and a page that does not exist. Each pair of
answers is compared on its status, its Content-Type, Content-Disposition and Content-Language,
and its body byte for byte, after blanking per-request tokens (CSRF and CSP nonces) and the
server's own address.

Differing lines are sorted into kinds: a table that gained the class `rows`, a cell that gained
`data-label`, lines holding only whitespace, and any other change, which is always printed in
full. The exit status is 1 when anything but the first three kinds differs.
"""

import argparse
import concurrent.futures
import csv
import difflib
import html
import io
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict

LISTS = ("centres", "parks", "companies", "cities")
LANGUAGE_PREFIXES = ("", "/ur")
# Values every date and year filter is tried with (besides an invalid one).
DATES = ("2024-01-01", "2025-06-30")
YEARS = ("2025", "2026")
OPTIONS_PER_SELECT = 3
COMPARED_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")

TOKENS = [
    (re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*'), rb"\1(token)"),
    (re.compile(rb'(nonce=")[^"]*'), rb"\1(token)"),
]
SELECT = re.compile(r'<select name="([^"]+)"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]*)"')
INPUT = re.compile(r'<input type="(date|number|search|text)" name="([^"]+)"')
ROW_HEADER = re.compile(r'<th scope="row"><a href="[^"]*">([^<]+)</a>')
LAST_PAGE = re.compile(r"[?&]amp;page=(\d+)|[?&]page=(\d+)")
DATA_LABEL = re.compile(r'(<td\b[^>]*?) data-label="[^"]*"')


def fetch(base, path):
    """Return (status, compared headers, body) of GET base + path."""
    request = urllib.request.Request(base + path, headers={"Accept-Language": "en"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, _headers(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, _headers(error.headers), error.read()


def _headers(headers):
    return {name: headers.get(name) for name in COMPARED_HEADERS}


def blank_tokens(body):
    for pattern, replacement in TOKENS:
        body = pattern.sub(replacement, body)
    return body


def with_query(path, params):
    return f"{path}?{urllib.parse.urlencode(params)}" if params else path


def list_queries(page, slugs_elsewhere):
    """Return the query strings a list page's filter form leads to, from its HTML.

    A text box other than the search (`q`) is given slugs of other lists' rows: a facility's.
    """
    queries = [{}]
    for name, options in SELECT.findall(page):
        values = [html.unescape(v) for v in OPTION.findall(options) if v]
        if name == "sort":
            queries += [{"sort": value} for value in values]
        else:
            picked = dict.fromkeys(values[: OPTIONS_PER_SELECT - 1] + values[-1:])
            queries += [{name: value} for value in picked]
        queries.append({name: "no-such-value"})
    for kind, name in INPUT.findall(page):
        if kind == "date":
            queries += [{name: day} for day in DATES] + [{name: "2024-02-30"}]
        elif kind == "number":
            queries += [{name: year} for year in YEARS] + [{name: "1"}]
        elif name != "q":
            queries += [{name: slug} for slug in slugs_elsewhere] + [{name: "no-such-slug"}]
        else:
            words = [word for name_ in ROW_HEADER.findall(page) for word in name_.split()]
            queries += [{name: html.unescape(words[0])}] if words else []
            queries += [{name: "no such words anywhere"}]
    # Filters together, sorted; then the second and last page of the whole list.
    selects = {name: OPTION.findall(options) for name, options in SELECT.findall(page)}
    together = {n: v[1] for n, v in selects.items() if n != "sort" and len(v) > 1 and v[1]}
    for name, value in list(together.items())[:2]:
        sort = selects.get("sort", [""])[-1]
        queries.append({name: html.unescape(value), "sort": sort} if sort else {name: value})
    pages = [int(a or b) for a, b in LAST_PAGE.findall(page)]
    queries += [{"page": str(number)} for number in sorted({2, *pages}) if pages]
    return queries


def slugs(base, name):
    """Return the slugs of a list's rows, from its CSV on the old server."""
    _, _, body = fetch(base, f"/{name}/export.csv")
    return [row["slug"] for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))]


def urls(base):
    """Return every public path to compare, discovered on the server at base."""
    paths = ["/", "/progress/", "/method/", "/progress/export.csv", "/no-such-page/"]
    for page in ("/", "/progress/"):
        text = fetch(base, page)[2].decode()
        for name, options in SELECT.findall(text):
            paths += [with_query(page, {name: v}) for v in OPTION.findall(options)[:2] if v]
        for kind, name in INPUT.findall(text):
            if kind == "date":
                paths += [with_query(page, {name: day}) for day in (*DATES, "9999-01-01")]
    paths.append("/progress/export.csv?programme=no-such-programme")
    rows = {name: slugs(base, name) for name in LISTS}
    facility_slugs = rows["parks"][:2] + rows["centres"][:2]
    for name in LISTS:
        text = fetch(base, f"/{name}/")[2].decode()
        for params in list_queries(text, facility_slugs):
            paths += [with_query(f"/{name}/", params), with_query(f"/{name}/export.csv", params)]
        for slug in rows[name]:
            paths.append(f"/{name}/{slug}/")
            if name in ("centres", "parks"):
                paths.append(f"/{name}/{slug}/?all=1")
    return [prefix + path for path in dict.fromkeys(paths) for prefix in LANGUAGE_PREFIXES]


def kind_of_change(old, new):
    """Return the kind of a changed line pair (either may be None: a line added or removed)."""
    if (old or "").strip() == "" and (new or "").strip() == "":
        return "whitespace-only line"
    if old is None or new is None:
        return "other"
    unlabelled = DATA_LABEL.sub(r"\1", new)
    if unlabelled == old and unlabelled != new:
        return 'td gained data-label="…"'
    if new.replace('class="data rows"', 'class="data"') == old and 'class="data rows"' in new:
        return 'table gained class "rows"'
    return "other"


def line_changes(old, new):
    """Yield (kind, old line, new line) for each line that differs between two bodies."""
    old_lines = old.decode("utf-8", "replace").split("\n")
    new_lines = new.decode("utf-8", "replace").split("\n")
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = old_lines[i1:i2], new_lines[j1:j2]
        if tag == "replace" and len(olds) == len(news):
            pairs = zip(olds, news, strict=True)
        else:
            pairs = [(line, None) for line in olds] + [(None, line) for line in news]
        for a, b in pairs:
            yield kind_of_change(a, b), a, b


def compare(old_base, new_base, path):
    """Return the differences of one path: a list of (kind, old, new)."""
    old, new = fetch(old_base, path), fetch(new_base, path)
    changes = []
    if old[0] != new[0]:
        changes.append(("other", f"status {old[0]}", f"status {new[0]}"))
    for name in COMPARED_HEADERS:
        if old[1][name] != new[1][name]:
            changes.append(("other", f"{name}: {old[1][name]}", f"{name}: {new[1][name]}"))
    # A page naming its own address (the 404 page) names its server's: blanked too.
    old_body = blank_tokens(old[2]).replace(old_base.encode(), b"(server)")
    new_body = blank_tokens(new[2]).replace(new_base.encode(), b"(server)")
    if old_body != new_body:
        changes += list(line_changes(old_body, new_body))
        if not changes:  # bytes differ within a line ending or encoding only
            changes.append(("other", "body bytes", "body bytes"))
    return changes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--old", required=True, help="base URL of the server before the change")
    parser.add_argument("--new", required=True, help="base URL of the server after the change")
    parser.add_argument("--show-all", action="store_true", help="print every differing line")
    args = parser.parse_args(argv)

    paths = urls(args.old)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        answers = pool.map(lambda path: compare(args.old, args.new, path), paths)
        results = dict(zip(paths, answers, strict=True))

    kinds = Counter()
    pages_by_kind = defaultdict(set)
    samples = defaultdict(list)
    for path, changes in results.items():
        for kind, old, new in changes:
            kinds[kind] += 1
            pages_by_kind[kind].add(path)
            samples[kind].append((path, old, new))
    identical = sum(1 for changes in results.values() if not changes)
    print(f"{len(paths)} URLs compared: {identical} identical, {len(paths) - identical} differ.")
    for kind, count in kinds.most_common():
        print(f"\n{kind}: {count} lines on {len(pages_by_kind[kind])} URLs")
        shown = samples[kind] if args.show_all or kind == "other" else samples[kind][:3]
        for path, old, new in shown:
            print(f"  {path}\n    - {old!r}\n    + {new!r}")
        if len(shown) < len(samples[kind]):
            examples = sorted(pages_by_kind[kind])[:6]
            print(f"  … and {len(samples[kind]) - len(shown)} more, e.g. on {', '.join(examples)}")
    return 1 if kinds["other"] else 0


if __name__ == "__main__":
    sys.exit(main())
