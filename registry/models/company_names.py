"""Near-duplicate company names (SPEC §5): a name's stem, one rule for "near", and candidates.

A stem is the name with case and width folded (NFKC, casefold), punctuation dropped and legal
suffixes ("(Pvt) Ltd", "Private Limited", "SMC", "Inc", …) removed as whole words at the end,
again and again, keeping at least one word. Two stems are near when any of these holds:

1. written without spaces they are the same ("Cyber-Systems" / "CyberSystems");
2. the shorter is the start of the longer, at least 4 letters long, ending on a word boundary
   or on a word of at least 3 letters ("Acme Soft" / "Acme Software");
3. they begin with the same word and share at least two thirds of their words, in any order
   ("Indus Soft Solutions" / "Indus Solutions Soft");
4. they begin with the same word and differ in one other word only, by a slip of the keyboard
   (difflib's ratio of the two words at least 0.8, and not a number: "Margalla Softwear" /
   "Margalla Software", but not "Studio 7" / "Studio 9").

and, whichever holds, the stems without spaces begin with the same two letters. The rule is
decided here, in Python, over the candidates a query (``stem_prefix_condition``) or a map
(``NameIndex``) narrows down to those two letters, so it answers the same on SQLite and
PostgreSQL.
"""

import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Q

# Words that say what kind of company it is in law, not which company: removed at the end.
LEGAL_SUFFIXES = frozenset(
    "pvt private ltd limited smc inc incorporated llc llp plc corp corporation co company "
    "pte gmbh".split()
)
# Dropped without a space: "A.C.M.E." is "acme", "Ali's" is "alis".
JOINING = frozenset(".'’ʼ`´")
SHARED_WORDS = 2 / 3
TYPO_RATIO = 0.8
PREFIX_LENGTH = 4
PARTIAL_WORD = 3


def company_name_stem(name: str) -> str:
    """Return a company name's stem: folded, without punctuation or trailing legal suffixes."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name or "").casefold())
    letters = []
    for char in folded:
        if char in JOINING:
            continue
        kind = unicodedata.category(char)[0]
        letters.append(" " if kind in "PSZC" else char)
    words = "".join(letters).split()
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)


def _has_digits(word: str) -> bool:
    return any(char.isdigit() for char in word)


def stems_are_near(first: str, second: str) -> bool:
    """Return whether two stems (company_name_stem) are near: the module's one rule."""
    if not first or not second or stem_bucket(first) != stem_bucket(second):
        return False
    if first.replace(" ", "") == second.replace(" ", ""):
        return True
    short, long = sorted((first, second), key=len)
    if len(short) >= PREFIX_LENGTH and long.startswith(short):
        if long[len(short)] == " " or len(short.rsplit(" ", 1)[-1]) >= PARTIAL_WORD:
            return True
    words_a, words_b = first.split(), second.split()
    if words_a[0] != words_b[0]:
        return False
    set_a, set_b = set(words_a), set(words_b)
    if len(set_a & set_b) >= SHARED_WORDS * len(set_a | set_b):
        return True
    if len(words_a) != len(words_b):
        return False
    differing = [(a, b) for a, b in zip(words_a, words_b, strict=True) if a != b]
    if len(differing) != 1:
        return False
    slip_a, slip_b = differing[0]
    if _has_digits(slip_a) or _has_digits(slip_b):
        return False
    matcher = SequenceMatcher(None, slip_a, slip_b, autojunk=False)
    return matcher.real_quick_ratio() >= TYPO_RATIO and matcher.ratio() >= TYPO_RATIO


def names_are_near(first: str, second: str) -> bool:
    """Return whether two company names are near (the rule of stems_are_near, on their stems)."""
    return stems_are_near(company_name_stem(first), company_name_stem(second))


def stem_bucket(stem: str) -> str:
    """Return the first two letters of a stem without its spaces: near stems share them."""
    return stem.replace(" ", "")[:2]


def stem_prefix_condition(stem: str, field: str = "name_stem") -> Q:
    """Return a condition on a stored stem that every stem near this one meets (a superset)."""
    bucket = stem_bucket(stem)
    condition = Q(**{f"{field}__startswith": bucket})
    if len(bucket) == 2:
        # A first word of one letter: "a bc" begins like "abc" once its spaces are gone.
        condition |= Q(**{f"{field}__startswith": f"{bucket[0]} {bucket[1]}"})
    return condition


@dataclass(frozen=True)
class NamedCompany:
    """A company (or a row of a file) as the rule compares it: its key, name, slug and stem."""

    key: Hashable
    name: str
    slug: str
    stem: str


class NameIndex:
    """Names held in memory by their stem's first two letters, to find a name's near ones."""

    def __init__(self, entries: Iterable[NamedCompany] = ()) -> None:
        self.buckets = defaultdict(dict)
        self.bucket_of = {}
        for entry in entries:
            self.add(entry)

    def add(self, entry: NamedCompany) -> None:
        """Hold an entry, in place of any entry with the same key."""
        self.discard(entry.key)
        bucket = stem_bucket(entry.stem)
        self.buckets[bucket][entry.key] = entry
        self.bucket_of[entry.key] = bucket

    def discard(self, key: Hashable) -> None:
        """Forget the entry with this key, if held."""
        bucket = self.bucket_of.pop(key, None)
        if bucket is not None:
            self.buckets[bucket].pop(key, None)

    def near(self, stem: str, exclude: Hashable = None) -> list[NamedCompany]:
        """Return the held entries whose stems are near this one, by name, but the excluded."""
        found = [
            entry
            for entry in self.buckets.get(stem_bucket(stem), {}).values()
            if entry.key != exclude and stems_are_near(stem, entry.stem)
        ]
        return sorted(found, key=lambda entry: (entry.name, entry.slug))
