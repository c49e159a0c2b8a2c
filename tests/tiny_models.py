"""Tiny randomly initialised models, built in the test run: no download, a few hundred kB each.

They prove plumbing, not quality: loading a folder through ``--model``, chunking to
a small window, generating, guarding and falling back.  Their output is noise
(random weights), which is exactly what the guard must keep out of a brief.
"""

from __future__ import annotations

from pathlib import Path

CHAT_TEMPLATE = (
    "{% for message in messages %}<s>{{ message['content'] }}</s>{% endfor %}"
    "{% if add_generation_prompt %}<s>{% endif %}"
)


def train_tokenizer(corpus: str, folder: Path, *, chat: bool = False) -> object:
    """A byte-level BPE tokenizer of 400 tokens trained on ``corpus``, saved in ``folder``."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400,
        special_tokens=["<pad>", "<s>", "</s>", "<unk>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(corpus.splitlines(), trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>"
    )
    if chat:
        fast.chat_template = CHAT_TEMPLATE
    fast.save_pretrained(str(folder))
    return fast


def tiny_seq2seq(corpus: str, folder: Path, *, window: int = 128) -> Path:
    """A 1+1-layer BART with a ``window``-token input limit."""
    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    tokenizer = train_tokenizer(corpus, folder)
    torch.manual_seed(0)
    config = BartConfig(
        vocab_size=len(tokenizer),  # type: ignore[arg-type]
        d_model=32, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2, decoder_attention_heads=2,
        encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=window,
        pad_token_id=0, bos_token_id=1, eos_token_id=2, decoder_start_token_id=2, forced_eos_token_id=2,
    )
    BartForConditionalGeneration(config).save_pretrained(str(folder))
    return folder


def tiny_causal(corpus: str, folder: Path) -> Path:
    """A 1-layer Llama with a chat template."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    tokenizer = train_tokenizer(corpus, folder, chat=True)
    torch.manual_seed(0)
    config = LlamaConfig(
        vocab_size=len(tokenizer),  # type: ignore[arg-type]
        hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=2,
        max_position_embeddings=4096, pad_token_id=0, bos_token_id=1, eos_token_id=2,
    )
    LlamaForCausalLM(config).save_pretrained(str(folder))
    return folder
