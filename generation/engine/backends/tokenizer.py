"""An offline CLIP tokenizer for the tiny backend: byte-level BPE whose vocabulary covers every
byte (so any text encodes) plus merged tokens for each Latin and Cyrillic letter, so Russian
prompts are tokenized letter by letter instead of as raw UTF-8 bytes."""
from transformers import CLIPTokenizer

BOS, EOS = "<|startoftext|>", "<|endoftext|>"
SUFFIX = "</w>"
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"


def _byte_alphabet() -> dict[int, str]:
    """The GPT-2/CLIP byte-to-printable-character table, written out here to stay offline."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
    printable += list(range(ord("®"), ord("ÿ") + 1))
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


def build_tokenizer(max_length: int = 77) -> CLIPTokenizer:
    alphabet = _byte_alphabet()
    vocab: dict[str, int] = {BOS: 0, EOS: 1}
    for ch in alphabet.values():
        vocab.setdefault(ch, len(vocab))
        vocab.setdefault(ch + SUFFIX, len(vocab))
    merges = []
    for letter in CYRILLIC:
        first, second = (alphabet[b] for b in letter.encode("utf-8"))
        for end in ("", SUFFIX):
            merges.append((first, second + end))
            vocab.setdefault(first + second + end, len(vocab))
    return CLIPTokenizer(vocab=vocab, merges=merges, model_max_length=max_length)
