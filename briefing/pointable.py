"""Which source sentences may become a point of the brief.

A point must read as a statement of the article on its own: not a fragment
(an export's broken line, a list's lead-in), not a sentence about the document
("This report provides ...", "Table 2 shows ..."), not a pointer elsewhere
("See CRS Report R44383 ..."), and not page chrome that survived ingest
(a disclaimer sentence).  Such sentences still count as context for the
sentences around them; they are only never chosen.
"""

from __future__ import annotations

import re

from briefing.ingest.cleanup import CROSS_REFERENCE_OPENING, EXHIBIT, boilerplate_reason

_ENDS = re.compile(r"[.!?…][\"'”’)\]]*$")
_STARTS = re.compile(r"^[\"'“‘(\[]*[A-Z0-9$£€]")
_ABOUT_DOCUMENT = re.compile(
    # "The table shows that ...", "The Sidebar does not address every circuit split ...": with "the",
    # only the words that can name nothing but this document or its exhibits.
    r"(?i)^(?:the\s+(?:tables?|figures?|sidebar|legal sidebar|insight)\b[^.]{0,100}?\b(?:shows?|provides?|"
    r"describes?|discuss(?:es)?|lists?|includes?|presents?|address(?:es)?|summari[sz]es?|compares?)\b)|"
    r"^(this|the following|the present|this final|the next|the remainder of this|the rest of this)\s+"
    r"(report|insight|in focus|sidebar|legal sidebar|sections?|products?|paper|brief|memo(randum)?|analysis|"
    r"chapters?|appendix|appendices|document|overview|tables?|figures?|parts?|study|piece|article|post|issue brief)"
    r"\b[^.]{0,100}?\b(provides?|describes?|discuss(es)?|examines?|summari[sz]es?|outlines?|reviews?|presents?|"
    r"analy[sz]es?|explains?|focus(es)? on|address(es)?|offers?|shows?|lists?|includes?|contains?|highlights?|"
    r"considers?|explores?|identifies|identify|begins?|concludes?|is organized|proceeds|refers? to)\b"
)
# "The report concludes with an overview of ...", "The remainder of the report discusses ...":
# where a part of the document sits, whatever the determiner.  "The report concludes that ..."
# (a finding, often another body's report) stays a statement.
_DOCUMENT_LAYOUT = re.compile(
    r"(?i)^((finally|then|lastly),?\s+)?(the|this|its)\s+(report|insight|sidebar|paper|memo|analysis|study|"
    r"document|discussion)\s+(then\s+|also\s+|next\s+|further\s+)?(concludes|begins|ends|closes|opens|starts)"
    r"\s+(with|by)\b"
    r"|^(the|this)\s+(remainder|rest|balance|last part|final part|first part)\s+of\s+(the|this)\s+\w+"
)
# "It addresses questions regarding ...": a report's opening sentence about itself.
_IT_ABOUT = re.compile(
    r"^It\s+(addresses|discusses|describes|examines|summari[sz]es|outlines|reviews|answers|"
    r"provides (an overview|a summary|information|background|data))\b"
)
_ABOUT_EXHIBIT = re.compile(
    rf"(?i)^(?:{EXHIBIT}|appendix\s+[A-Z0-9]+)\s+(shows?|provides?|presents?|lists?|"
    r"displays?|summari[sz]es?|illustrates?|depicts?|compares?|includes?|gives?|reports?|contains?|details?)\b"
)
_CROSS_REFERENCE = re.compile(f"^{CROSS_REFERENCE_OPENING}")
# A pointer to another part of the text ("Selected considerations discussed below pertain to ...",
# "Previously noted reports suggest ...") or to how it is laid out ("Bills are listed by date of
# introduction."): the point would lean on what the brief does not show.  An opening "As noted,"
# is condensed away instead (condense._OPENER).
_INTERNAL_REFERENCE = re.compile(
    r"(?i)\b(?:discussed|described|noted|mentioned|outlined|explained|listed)\s+(?:below|above|earlier|previously|later)\b"
    r"|^previously\s+noted\b"
    r"|^(?:[A-Z][\w-]*\s+){1,3}(?:are|is)\s+(?:listed|arranged|ordered|sorted|grouped)\s+(?:by|according to|in (?:alphabetical|"
    r"chronological|reverse chronological|numerical) order)\b"
)


def _title_case_question(sentence: str) -> bool:
    """"Can FMAG Assistance Be Provided in Conjunction with ...?": a heading the text ran on, not a statement."""
    words = [w for w in sentence.split() if w[:1].isalpha()]
    return sentence.endswith("?") and len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def unfit_reason(text: str) -> str | None:
    """Why this sentence may not be a point, or None when it may."""
    sentence = text.strip()
    if not _ENDS.search(sentence) or sentence.endswith(":"):
        return "fragment"
    if not _STARTS.match(sentence):
        return "fragment"
    if _title_case_question(sentence):
        return "heading"
    if _ABOUT_DOCUMENT.match(sentence) or _DOCUMENT_LAYOUT.match(sentence) or _ABOUT_EXHIBIT.match(sentence) or _IT_ABOUT.match(sentence):
        return "about the document"
    if _CROSS_REFERENCE.match(sentence):
        return "cross-reference"
    if _INTERNAL_REFERENCE.search(sentence):
        return "about the document"
    return boilerplate_reason(sentence, "anywhere")


def may_be_point(text: str) -> bool:
    return unfit_reason(text) is None
