"""Markdown from trainers → safe HTML. Raw HTML in the source is shown as text, then nh3 cleans the result."""
import re
import threading
from functools import lru_cache

import markdown
import nh3

from .bank.types import BLANK

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "table", "thead", "tbody",
    "tr", "th", "td", "h3", "h4", "h5", "h6", "hr", "span", "sup", "sub", "del",
}
_ALLOWED_ATTRIBUTES = {"span": {"class"}, "td": {"align"}, "th": {"align"}}
_BLANK_MARK = re.compile(r"⟦(\d+)⟧")


_converters = threading.local()


def _markdown() -> markdown.Markdown:
    """This thread's converter: building one costs more than converting a stem, and one must not be shared
    between threads."""
    md = getattr(_converters, "md", None)
    if md is None:
        md = _converters.md = markdown.Markdown(extensions=["tables", "sane_lists", "nl2br"])
        # Trainers' raw HTML is displayed, never interpreted: drop the raw-HTML block and inline handlers.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
    return md.reset()


# The same text always gives the same HTML, and an exam or a results page shows 100 stems at once: remember
# the latest few thousand (the bundled bank has about 1,500 texts).
@lru_cache(maxsize=8192)
def render_markdown(text: str | None) -> str:
    if not text:
        return ""
    html = _markdown().convert(text)
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES, link_rel=None)


def render_stem(text: str) -> str:
    """A stem with fill-in blanks {{n}} drawn as numbered gaps."""
    marked = BLANK.sub(lambda m: f"⟦{m.group(1)}⟧", text or "")
    html = render_markdown(marked)
    return _BLANK_MARK.sub(lambda m: f'<span class="blank">({m.group(1)})</span>', html)
