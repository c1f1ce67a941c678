"""A toy MarianMT ru→en model saved like Helsinki-NLP/opus-mt-ru-en, built offline: a char-level
SentencePiece model trained on a few lines, random weights. Its translations are nonsense; it
exercises the real loading and translation path."""
import json
from pathlib import Path

import sentencepiece as spm
import torch
from transformers import MarianConfig, MarianMTModel, MarianTokenizer

LINES = ["красный кот сидит на крыше", "синий дом у моря", "a red cat sits on the roof", "a blue house by the sea"]


def save_tiny_marian(target: Path) -> Path:
    target.mkdir(parents=True)
    corpus = target / "corpus.txt"
    corpus.write_text("\n".join(LINES * 10))
    prefix = target / "spm"
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=40, character_coverage=1.0,
        model_type="char", bos_id=-1, eos_id=1, unk_id=2, pad_id=0, minloglevel=2,
    )
    processor = spm.SentencePieceProcessor(model_file=f"{prefix}.model")
    vocab = {processor.id_to_piece(i): i for i in range(processor.get_piece_size())}
    (target / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False))
    for name in ("source.spm", "target.spm"):
        (target / name).write_bytes(Path(f"{prefix}.model").read_bytes())
    tokenizer = MarianTokenizer(source_spm=str(target / "source.spm"), target_spm=str(target / "target.spm"),
                                vocab=str(target / "vocab.json"))
    tokenizer.save_pretrained(target)
    config = MarianConfig(
        vocab_size=len(tokenizer), d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=256,
        pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        MarianMTModel(config).save_pretrained(target)
    return target
