"""sumy LexRank with pysbd sentences: the peer a user would reach for, without NLTK data.

sumy's own tokenizer needs NLTK's punkt data, which cannot be downloaded here;
pysbd (brief's own splitter) gives the sentences and a regex the words.
"""

from __future__ import annotations

import re
from typing import Any

from briefing.ingest.sentences import split_sentences

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


class PysbdTokenizer:
    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return split_sentences(paragraph)

    def to_words(self, sentence: str) -> list[str]:
        return _WORD.findall(sentence)


def sumy_summary(text: str, k: int, method: str = "lexrank") -> list[str]:
    """The ``k`` sentences sumy's ``method`` (lexrank, textrank, lsa) picks, in source order."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes: dict[str, Any] = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer, "lsa": LsaSummarizer}
    parser = PlaintextParser.from_string(text, PysbdTokenizer())
    summarizer = classes[method](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return [str(s) for s in summarizer(parser.document, k)]
