"""Normalising short text answers so that trivial differences of form do not cost marks."""
import re
import unicodedata
from pathlib import Path

import zhconv

# Load the conversion table from its file path: zhconv's default loader leaves the file handle open.
zhconv.loaddict(str(Path(zhconv.__file__).with_name("zhcdict.json")))

_SPACES = re.compile(r"\s+")


def _strip_punctuation(text: str) -> str:
    start, end = 0, len(text)
    while start < end and (unicodedata.category(text[start])[0] in "PZS" or text[start].isspace()):
        start += 1
    while end > start and (unicodedata.category(text[end - 1])[0] in "PZS" or text[end - 1].isspace()):
        end -= 1
    return text[start:end]


def fold(text: str) -> str:
    """Full width → half width, traditional → simplified, case folded."""
    return zhconv.convert(unicodedata.normalize("NFKC", text), "zh-cn").casefold()


def normalize_answer(text: str) -> str:
    """A fill-in answer: folded, spaces collapsed, surrounding punctuation and spaces dropped."""
    return _strip_punctuation(_SPACES.sub(" ", fold(text)))
