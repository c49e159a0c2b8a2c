"""Boilerplate rules: a table of patterns and the one function that applies them.

The rules are general shapes seen on news and think-tank sites (nav labels,
photo credits, share and subscribe prompts, author bios), never the strings of
one article.  Each rule has a name, which travels with the dropped line so a
test or a curious user can see why a line left.
"""

from __future__ import annotations

import re
from typing import Literal

Where = Literal["anywhere", "header", "tail"]

# A table or figure and its number: "Table 1", "Figure 2b", and a report appendix's "Table A-1".
_EXHIBIT_NO = r"(?:[A-Z]-?)?\d+[A-Za-z]?"
EXHIBIT = rf"(?:table|figure|chart|map|exhibit|graph)\s+{_EXHIBIT_NO}"
# A pointer to an exhibit inside a sentence: "(see Table 1)", "(Figure 2)", "(Figures 3 and 4)",
# "(see Appendix A)".
_EXHIBIT_NUMBER = rf"{_EXHIBIT_NO}|[A-Z]\b"
_CALLOUT = re.compile(
    r"\s*\((?:(?:see|also see|see also|as shown in|shown in)\s+)?(?:the\s+)?"
    r"(?:tables?|figures?|charts?|maps?|exhibits?|graphs?|appendix|appendices)\s+"
    rf"(?:{_EXHIBIT_NUMBER})(?:\s*(?:,|and|-|–|through|to)\s*(?:{_EXHIBIT_NUMBER}))*(?:\s+(?:below|above))?\s*\)",
    re.IGNORECASE,
)


def without_callouts(text: str) -> str:
    """``text`` without its pointers to tables and figures, which a brief does not show.

    Read blind, seven points of the CRS dev briefs carried "(Figure 1)" or "(see Table 1)".
    """
    return _CALLOUT.sub("", text)


# The opening of a sentence that only sends the reader elsewhere: "See CRS Report ...",
# "For more information, see ...", "For data on SSA's staffing levels, see CRS Report R48725".
CROSS_REFERENCE_OPENING = (
    r"\(?(?:[Ss]ee(?: also)?,? (?:e\.g\.,? )?(?:[A-Z]|the )|[Ff]or (?:more|further|additional|a (?:discussion|list|"
    r"summary|more detailed|fuller|detailed|history)|an? (?:overview|analysis|discussion))\b.{0,160}?,? see\b"
    r"|[Ff]or\b[^.]{0,160}?,\s+see\b)"
)

# Short lines that are site chrome wherever they stand (compared lower-cased,
# trailing punctuation removed).
NAV_LABELS = frozenset(
    {
        "recent features", "related", "related articles", "related stories", "related posts",
        "related content", "read more", "read next", "more stories", "more from this author",
        "advertisement", "sponsored", "sponsored content", "share", "share this", "share this article",
        "share this story", "tweet", "email", "print", "comments", "leave a comment", "trending",
        "most popular", "most read", "popular", "editor's picks", "editors' picks", "top stories",
        "skip to content", "skip to main content", "menu", "home", "click here", "continue reading",
        "subscribe", "sign up", "log in", "sign in", "newsletter", "follow us", "you may also like",
        "latest", "latest news", "back to top", "image", "photo", "video", "listen", "show comments",
        "loading comments", "previous", "next", "previousnext",
    }
)

# Headings after which a web page's article is over: comments, teasers, link lists.
# (Matched lower-cased, trailing punctuation removed.)
END_OF_ARTICLE = re.compile(
    r"^(\d+ )?comments?|(join|read|view|show) (the )?(\d+ )?comments|related\b.*|"
    r"more (from|on|in|about|stories|news|articles|coverage|videos)\b.*|"
    r"(other|more|recent|latest|popular|trending|recommended|top|featured)\b.{0,30}\b"
    r"(columns|stories|articles|posts|news|videos|slide ?shows|galleries|reads|headlines)|"
    r"most (popular|read|viewed|shared|emailed)\b.*|you (may|might) (also )?(like|enjoy)\b.*|"
    r"read (more|next)\b.*|share this\b.*|see also|further reading|external links|"
    r"references|footnotes|sponsored( content)?|around the web|from (our|the) partners$"
)

# Headings of a report's apparatus: the section under one is not the article
# (footnotes, the author's contacts, the disclaimer, the page's metadata box).
# Matched lower-cased, trailing punctuation removed.
APPARATUS_SECTION = re.compile(
    r"(foot|end)notes?|notes|references|bibliography|works cited|sources|disclaimer|"
    r"author (contact )?information|about the authors?|acknowledge?ments?|"
    r"(table of )?contents|list of (figures|tables)|figures|tables|"
    r"crs product( \(library of congress\))?|product (information|details)|document (information|details)|"
    r"version history|related (crs )?(products|reports|content)|share(/save)?|cite this|citation"
)

# Labels of page controls: a link with one of these as its text is a button, not
# content ("Listen", "Download PDF (326KB)", "Hide Overview", "Share/Save").
CONTROL_LABEL = re.compile(
    r"(?i)(listen( to (this|the) (article|report|story|page))?|"
    r"download( the)?( pdf| report| full report| file| this (report|article))?( \([^)]{0,20}\))?|"
    r"(hide|show|expand|collapse) (overview|summary|details|more|less|all)|(pdf )?version history|"
    r"share(/save| this( page| article)?| on \w+)?|save|print( this( page)?)?|e-?mail( this( page)?)?|"
    r"cite( this( page)?)?|citation|subscribe|get alerts|site feedback|feedback|home|"
    r"(jump|skip|go|back) to [\w ]{1,40}|view (the )?(pdf|full text|all|more)|menu|search|"
    r"log ?in|sign ?in|sign up|follow( us)?|tweet|copy link|permalink|top)"
)

# (rule name, pattern, where it applies).  Patterns match a whole stripped line.
RULES: tuple[tuple[str, re.Pattern[str], Where], ...] = (
    (
        "photo credit",
        re.compile(
            r"(?i)^[\(\[]?(photo|image|picture|illustration|graphic|video|top image|header image)?\s*"
            r"(credit|credits|courtesy|source|via)\s*:\s*\S.{0,120}$"
        ),
        "anywhere",
    ),
    (
        "photo credit",
        re.compile(r"(?i)^[\(\[]?(photo|image|picture|illustration)\s*(by|:)\s*\S.{0,100}$"),
        "anywhere",
    ),
    (
        "photo credit",
        re.compile(r"(?i)^\(?(AP|AFP|Reuters|Getty Images|EPA|Shutterstock)\b[^.]{0,60}(photo|images?)?\)?$"),
        "anywhere",
    ),
    (
        "share or subscribe prompt",
        re.compile(
            r"(?i)^(share (this|on)|subscribe( now| today| to| for)?|sign up (for|to)|follow (us|me)|"
            r"join (our|the) (newsletter|mailing list)|get (our|the) newsletter|download (our|the) app|"
            r"click (here|to)|tap (here|to)|enjoying this article)\b.{0,100}$"
        ),
        "anywhere",
    ),
    (
        "table or figure caption",
        # "Table 1. Selected Actions ..." / "Figure 2: ...": a caption, not a sentence of the text.
        re.compile(rf"(?i)^{EXHIBIT}(\.|:|\s*[-–—])\s*\S.{{0,300}}$"),
        "anywhere",
    ),
    (
        "table note",
        # "Source: CRS analysis of ..." / "Notes: Data, including ..." under a table or figure.
        re.compile(r"(?i)^(sources?|notes?|data sources?|sources? and notes?|note to table)\s*:\s*\S.*$"),
        "anywhere",
    ),
    (
        "disclaimer",
        re.compile(r"(?i)^(disclaimer|legal notice|terms of use)\b\s*:?.*$"),
        "anywhere",
    ),
    (
        "promo line",
        # "Read more: ..." / "See also: ..." / "Related: ..." between paragraphs.
        re.compile(r"(?i)^(read (more|also|next)|also read|see also|related( coverage| story| article)?|"
                   r"more on this( story)?|watch|listen)\s*:\s*\S.{0,200}$"),
        "anywhere",
    ),
    (
        "cross-reference",
        # A paragraph that only sends the reader elsewhere: "(See CRS Report R44383, ...)".
        re.compile(rf"^{CROSS_REFERENCE_OPENING}.{{0,400}}$"),
        "anywhere",
    ),
    (
        "origin note",
        # "This report was originally written by ..." / "Jane Doe, former Analyst, contributed ...".
        re.compile(r"(?i)^(this|the) (report|product|sidebar|insight|in focus|document|paper|analysis)\b.{0,40}"
                   r"\b(originally|was) (written|authored|prepared|updated)\b.{0,300}$"
                   # "Robert S. Kirk, retired CRS Specialist ..., contributed to an earlier version of this
                   # report.", "Research Librarian ... contributed to this report.": acknowledgments.
                   r"|^.{0,200}?\b(contributed to|assisted with|helped (to )?prepare) (an? |the )?((earlier|previous|"
                   r"prior|original) )?(versions? of )?(this|the) (report|product|sidebar|insight|in focus|document|"
                   r"paper|analysis)\s*(?:[.;,]|$).{0,300}$"),
        "anywhere",
    ),
    (
        "date stamp",
        # Version and date stamps: "May 24, 2023 (R47573 - Version: 1)", "Updated April 22, 2026".
        re.compile(
            r"(?i)^((updated|published|posted|revised|version|last updated)\s*:?\s*)?"
            r"((\w+\.? \d{1,2}, \d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})\s*"
            r"(\(\s*[A-Z]{1,4}\d{3,6}(\s*-\s*version:?\s*\d+)?\s*\)\s*)?)+$"
        ),
        "anywhere",
    ),
    (
        "version history",
        # "February 26, 2019 (IF10491 - Version: 4) ...": a page's list of earlier versions.
        re.compile(r"(?i)^(\w+\.? \d{1,2}, \d{4}|\d{1,2}/\d{1,2}/\d{4})\s*\(\s*[\w-]{2,12}\s*[-–]\s*version:?\s*\d+\s*\).*$"),
        "anywhere",
    ),
    (
        "link",
        # A bare address, or a label with one ("Source: https://...").
        re.compile(r"(?i)^([\w ()/.'-]{0,40}:\s*)?(<?https?://|www\.)\S+>?$"),
        "anywhere",
    ),
    (
        "topic tags",
        re.compile(r"(?i)^(topics|tags|tagged|filed under|categories|related topics)\s*:\s*\S.{0,300}$"),
        "anywhere",
    ),
    (
        "footer",
        re.compile(
            r"(?i)^((©|\(c\)|copyright)\s*\d{4}|all rights reserved|this (article|story|piece|post) "
            r"(was|first|originally) (appeared|published|ran)|this (article|story|piece) (first|originally) "
            r"appeared|an earlier version of this (article|story)).{0,200}$"
        ),
        "tail",
    ),
    (
        "author bio",
        # "Jane Doe is a senior fellow at ..." or "Jane Doe, a journalist, ..." as a closing paragraph.
        re.compile(
            r"^(?:[A-Z][\w'’.\-]+\s+){1,3}[A-Z][\w'’\-]+"
            r"(?:\s+(?:is|was|has been|serves as|works as)|,)\s+"
            r"(?:an?|the|currently|also|now|senior|associate|assistant|professor|director|editor|"
            r"fellow|lecturer|researcher|journalist|writer|author|contributing|former)\b.{0,600}$"
        ),
        "tail",
    ),
)

# Words that mark a closing paragraph as a bio of the author rather than content.
_BIO_CUES = re.compile(
    r"(?i)\b(fellow|professor|lecturer|candidate|journalist|correspondent|editor|author of|"
    r"contributes|contributor|researcher|analyst|follow(ed)? (him|her|them)? ?(on|at)|twitter|"
    r"phd|dphil|university|institute|columnist|writer)\b"
)

# Starts only where a run of these characters starts: without the lookbehind, a
# long run that is not at the end of the line is rescanned from each of its
# characters (quadratic; issue 18).  Same matches as [...]+$.
_TRAILING_PUNCT = re.compile(r"(?<![\s.:!|»>›\-–—])[\s.:!|»>›\-–—]+$")


def is_control_label(text: str) -> bool:
    """True for the text of a page control: "Listen", "Download PDF (326KB)", "Share/Save"."""
    label = text.strip(" .:|>»›")
    return 0 < len(label) <= 60 and CONTROL_LABEL.fullmatch(label) is not None


def is_apparatus_heading(heading: str) -> bool:
    """True for the heading of footnotes, references, disclaimers, metadata boxes and contents lists."""
    return APPARATUS_SECTION.fullmatch(_TRAILING_PUNCT.sub("", heading.strip()).lower()) is not None


def ends_article(heading: str) -> bool:
    """True for a heading that opens the comments, teasers or link lists after an article."""
    return END_OF_ARTICLE.fullmatch(_TRAILING_PUNCT.sub("", heading.strip()).lower()) is not None


def boilerplate_reason(line: str, where: Where) -> str | None:
    """The name of the rule that marks ``line`` as boilerplate here, or None.

    ``where`` is the zone the line sits in: ``header`` (before the body),
    ``tail`` (the closing paragraphs) or ``anywhere`` else.
    """
    text = line.strip()
    if not text:
        return None
    if len(text) <= 40 and _TRAILING_PUNCT.sub("", text).lower() in NAV_LABELS:
        return "navigation"
    if is_control_label(text):
        return "page control"
    for name, pattern, zone in RULES:
        if zone == "tail" and where != "tail":
            continue
        if pattern.match(text):
            if name == "author bio" and not _BIO_CUES.search(text):
                continue
            return name
    return None


_BIO_NAME = re.compile(r"^((?:[A-Z][\w'’.\-]+\s+){1,3}[A-Z][\w'’\-]+)")


def author_from_bio(bio: str) -> str | None:
    """The name a bio paragraph starts with ("Samuel Ramani is a ..." -> "Samuel Ramani")."""
    match = _BIO_NAME.match(bio.strip())
    return match.group(1).rstrip(",") if match else None
