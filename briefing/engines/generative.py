"""Generative engines behind the faithfulness guard: seq2seq (BART, PEGASUS, T5, LED) and causal (instruct LMs).

Both condense one block's source paragraphs; they differ only in how text is
made (``_generate``).  Every generated sentence goes through ``guard.check``
against the block's paragraphs; one that fails is replaced by the extractive
choice for that block, so no number, date or name the source lacks reaches the
brief.  Points record their engine (``seq2seq``, ``causal`` or
``extractive-fallback``) and their source paragraphs (the block's paragraphs
closest in meaning to the sentence).

Input longer than the model's window is split into chunks of whole paragraphs
and each chunk condensed, never silently truncated; the brief notes which
blocks were chunked.  Decoding is deterministic: beam search (seq2seq) or
greedy (causal), ``do_sample=False``, ``no_repeat_ngram_size=3``.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from briefing.brief import Point
from briefing.deps import require
from briefing.document import Document
from briefing.engines import BlockInput
from briefing.engines.extractive import ExtractiveSummarizer
from briefing.engines.guard import check
from briefing.engines.resolve import ModelRef
from briefing.engines.device import pick_device
from briefing.errors import ModelError, ModelLoadError

if TYPE_CHECKING:
    from briefing.engines.encoder import SentenceEncoder

WORDS_PER_POINT = 30  # target length of a generated point, in words
TOKENS_PER_WORD = 1.6  # generous: subword tokenisers spend 1.2-1.5 tokens a word in English
MIN_WORDS = 5  # shorter generated "sentences" are fragments and are dropped
DEFAULT_WINDOW = 1024
MAX_WINDOW = 2048  # CPU time grows with the prompt: a causal model's 8k window is not worth filling


@contextlib.contextmanager
def _offline() -> Iterator[None]:
    """No network, and no load-time noise: transformers' GGUF loader draws its own tqdm bar on stderr."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from briefing.engines.encoder import quiet_loading

    with quiet_loading(), contextlib.redirect_stderr(io.StringIO()):
        yield


class GenerativeSummarizer:
    """Shared by both engines: chunking, guarding, falling back, provenance, notes."""

    name = "generative"
    extractive = False
    needs_guard = True

    def __init__(self, ref: ModelRef, encoder: SentenceEncoder, *, device: str = "cpu") -> None:
        self.ref = ref
        self.model_id = f"{self.name} ({ref.name})"
        self._encoder = encoder
        self._fallback = ExtractiveSummarizer(encoder)
        self._device = pick_device(device)
        self._doc: Document | None = None
        self.generated = 0
        self.rejected: list[tuple[str, str]] = []  # (sentence, reason)
        self.chunked: list[str] = []
        self.tokenizer, self.model = self._load()
        self.window = self._window()

    # -- loading ---------------------------------------------------------------
    def _auto_class(self, transformers: Any) -> Any:
        raise NotImplementedError

    def _load(self) -> tuple[Any, Any]:
        transformers = require("transformers")
        torch = require("torch")
        kwargs: dict[str, Any] = {}
        if self.ref.gguf_file:
            # transformers dequantises GGUF weights with these two; both are the 'gguf' extra.
            require("gguf", extra="gguf")
            require("accelerate", extra="gguf")
            kwargs["gguf_file"] = self.ref.gguf_file
        dtype = torch.float16 if self._device == "cuda" else torch.float32
        try:
            with _offline():
                tokenizer = transformers.AutoTokenizer.from_pretrained(str(self.ref.folder), **kwargs)
                model = self._auto_class(transformers).from_pretrained(str(self.ref.folder), dtype=dtype, **kwargs)
        except (OSError, ValueError, KeyError, RuntimeError) as err:
            raise ModelLoadError(f"cannot load model '{self.ref.name}': {err}") from None
        model.eval()
        model.to(self._device)
        if tokenizer.pad_token_id is None and tokenizer.eos_token_id is not None:
            tokenizer.pad_token = tokenizer.eos_token
        return tokenizer, model

    def _window(self) -> int:
        config = self.model.config
        for attr in ("max_encoder_position_embeddings", "max_position_embeddings", "n_positions"):
            value = getattr(config, attr, None)
            if isinstance(value, int) and value > 0:
                return min(value, MAX_WINDOW)
        limit = getattr(self.tokenizer, "model_max_length", DEFAULT_WINDOW)
        return min(limit if isinstance(limit, int) and limit < 10**6 else DEFAULT_WINDOW, MAX_WINDOW)

    # -- the interface -----------------------------------------------------------
    def prepare(self, doc: Document) -> None:
        """Start a new article: its counts of generated and rejected sentences begin at zero."""
        self._doc = doc
        self.generated = 0
        self.rejected = []
        self.chunked = []
        self._fallback.prepare(doc)

    def summarize_block(self, block_input: BlockInput) -> tuple[Point, ...]:
        assert self._doc is not None, "prepare(doc) comes first"
        block = block_input.block
        paragraphs = [self._doc.paragraph(pid) for pid in block.paragraph_ids]
        texts = [p.text for p in paragraphs]
        chunks = self._chunks(texts)
        if len(chunks) > 1:
            self.chunked.append(block.title)
        want = block_input.max_points
        generated: list[str] = []
        for chunk in chunks:
            budget = max(1, round(want / len(chunks)))
            generated.extend(self._sentences(self._generate(" ".join(chunk), budget)))
        fallback = list(self._fallback.summarize_block(block_input))
        # Generated points compete for the word budget and the page with the block's best
        # extractive score, in the model's order; a score of 0 would drop them first.
        top = max((p.score for p in fallback), default=0.5)
        taken: set[str] = set()
        points: list[Point] = []
        seen = set(block_input.already_chosen)
        for sentence in generated:
            if len(points) >= want:
                break
            if sentence in seen:
                continue
            self.generated += 1
            verdict = check(sentence, texts)
            if verdict.ok:
                score = round(top - 0.001 * len(points), 6)
                points.append(Point(sentence, self._sources(sentence, paragraphs), self.name, score, ()))
                seen.add(sentence)
                continue
            self.rejected.append((sentence, "; ".join(verdict.reasons)))
            replacement = next((p for p in fallback if p.text not in taken and p.text not in seen), None)
            if replacement is not None:
                taken.add(replacement.text)
                seen.add(replacement.text)
                points.append(Point(replacement.text, replacement.sources, "extractive-fallback",
                                    replacement.score, replacement.sentence_ids))
        if not points:  # the model said nothing usable: the block still gets its extractive points
            points = [Point(p.text, p.sources, "extractive-fallback", p.score, p.sentence_ids) for p in fallback]
        return tuple(points)

    def notes(self) -> tuple[str, ...]:
        notes = [
            f"Generated by {self.ref.name}; the faithfulness guard rejected {len(self.rejected)} of "
            f"{self.generated} generated sentences (each replaced by a sentence of the article)."
        ]
        notes.extend(self._encoder.notes)
        if self.chunked:
            notes.append(f"Longer than the model's {self.window}-token window, so condensed in parts: "
                         + "; ".join(f"'{t}'" for t in self.chunked) + ".")
        return tuple(notes)

    # -- helpers -------------------------------------------------------------------
    def _tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _chunks(self, texts: Sequence[str]) -> list[list[str]]:
        """Whole paragraphs packed into chunks that fit the window with room for the prompt and output.

        A paragraph too long for the window alone goes in by sentences, and a
        sentence too long alone by runs of words; sizes are measured on the
        joined text, as the model will see it.
        """
        room = max(32, self.window - self._reserve())
        chunks: list[list[str]] = [[]]
        for piece in self._pieces(texts, room):
            if chunks[-1] and self._tokens(" ".join([*chunks[-1], piece])) > room:
                chunks.append([])
            chunks[-1].append(piece)
        return [c for c in chunks if c]

    def _pieces(self, texts: Sequence[str], room: int) -> Iterator[str]:
        from briefing.ingest.sentences import split_sentences

        for text in texts:
            if self._tokens(text) <= room:
                yield text
                continue
            for sentence in split_sentences(text):
                if self._tokens(sentence) <= room:
                    yield sentence
                    continue
                yield from self._word_runs(sentence.split(), room)

    def _word_runs(self, words: list[str], room: int) -> Iterator[str]:
        """Runs of words that fit ``room`` tokens, halving the run until each fits."""
        text = " ".join(words)
        if len(words) <= 1 or self._tokens(text) <= room:
            yield text
            return
        half = len(words) // 2
        yield from self._word_runs(words[:half], room)
        yield from self._word_runs(words[half:], room)

    def _reserve(self) -> int:
        return int(3 * WORDS_PER_POINT * TOKENS_PER_WORD) + 64

    def _sentences(self, text: str) -> list[str]:
        from briefing.ingest.sentences import split_sentences

        return [s for s in split_sentences(" ".join(text.split())) if len(s.split()) >= MIN_WORDS]

    def _sources(self, sentence: str, paragraphs: Sequence[Any]) -> tuple[str, ...]:
        """The block paragraph closest in meaning to a generated sentence (two when nearly tied)."""
        sims = self._encoder.similarity([sentence], [p.text for p in paragraphs])[0]
        order = sorted(range(len(paragraphs)), key=lambda i: (-sims[i], i))
        best = [order[0]] + [i for i in order[1:2] if sims[i] >= sims[order[0]] - 0.02]
        return tuple(paragraphs[i].id for i in sorted(best))

    def _max_new_tokens(self, sentences: int) -> int:
        # Never past the model's own window (a seq2seq decoder has one too).
        return min(int(sentences * WORDS_PER_POINT * TOKENS_PER_WORD) + 16, self.window - 4)

    def _generate(self, text: str, sentences: int) -> str:
        raise NotImplementedError


class Seq2SeqSummarizer(GenerativeSummarizer):
    """AutoModelForSeq2SeqLM.generate over the block's text (transformers 5 has no summarization pipeline)."""

    name = "seq2seq"

    def _auto_class(self, transformers: Any) -> Any:
        return transformers.AutoModelForSeq2SeqLM

    def _reserve(self) -> int:
        return 16  # the output has its own decoder window; only special tokens and a T5 prefix share it

    def _generate(self, text: str, sentences: int) -> str:
        torch = require("torch")
        prefix = "summarize: " if getattr(self.model.config, "model_type", "") == "t5" else ""
        inputs = self.tokenizer(prefix + text, return_tensors="pt").to(self._device)
        if inputs["input_ids"].shape[1] > self.window:  # chunking makes this impossible; never truncate
            raise ModelError(f"internal: a chunk of {inputs['input_ids'].shape[1]} tokens exceeds the {self.window}-token window")
        with torch.inference_mode():
            output = self.model.generate(
                **inputs,
                do_sample=False,
                num_beams=4,
                no_repeat_ngram_size=3,
                max_new_tokens=self._max_new_tokens(sentences),
                early_stopping=True,
            )
        return str(self.tokenizer.decode(output[0], skip_special_tokens=True))


PROMPT = (
    "Summarise the text below in {n} short sentence{s}. Use only facts stated in the text; "
    "do not add names, numbers or dates.\n\nText:\n{text}"
)


class CausalSummarizer(GenerativeSummarizer):
    """An instruction model: one prompt per block through its chat template, greedy decoding."""

    name = "causal"

    def _auto_class(self, transformers: Any) -> Any:
        return transformers.AutoModelForCausalLM

    def _generate(self, text: str, sentences: int) -> str:
        torch = require("torch")
        prompt = PROMPT.format(n=sentences, s="" if sentences == 1 else "s", text=text)
        messages = [{"role": "user", "content": prompt}]
        if getattr(self.tokenizer, "chat_template", None):
            ids = self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                                     return_dict=True)
            input_ids, mask = ids["input_ids"], ids["attention_mask"]
        else:  # a base model without a chat template: the prompt as plain text
            encoded = self.tokenizer(prompt + "\n\nSummary:", return_tensors="pt")
            input_ids, mask = encoded["input_ids"], encoded["attention_mask"]
        with torch.inference_mode():
            output = self.model.generate(
                input_ids=input_ids.to(self._device),
                attention_mask=mask.to(self._device),
                do_sample=False,
                num_beams=1,
                no_repeat_ngram_size=3,
                max_new_tokens=self._max_new_tokens(sentences),
                pad_token_id=self.tokenizer.pad_token_id,
            )
        return str(self.tokenizer.decode(output[0][input_ids.shape[1] :], skip_special_tokens=True))
