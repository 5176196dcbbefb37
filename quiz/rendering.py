"""Markdown from trainers → safe HTML. Raw HTML in the source is shown as text, then nh3 cleans the result."""
import re

import markdown
import nh3

from .bank.types import BLANK

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "table", "thead", "tbody",
    "tr", "th", "td", "h3", "h4", "h5", "h6", "hr", "span", "sup", "sub", "del",
}
_ALLOWED_ATTRIBUTES = {"span": {"class"}, "td": {"align"}, "th": {"align"}}
_BLANK_MARK = re.compile(r"⟦(\d+)⟧")


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["tables", "sane_lists", "nl2br"])
    # Trainers' raw HTML is displayed, never interpreted: drop the raw-HTML block and inline handlers.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


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
