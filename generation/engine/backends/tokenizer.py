"""An offline CLIP tokenizer for the tiny backend: byte-level BPE whose vocabulary covers every
byte (so any text encodes) plus merged tokens for each Latin and Cyrillic letter, so Russian
prompts are tokenized letter by letter instead of as raw UTF-8 bytes. Given words (nano's
vocabulary), further merges make each of them a single token; a word written with a "|" (nano's
Russian colour adjectives, "бел|ая") becomes one token per part, so every form of an adjective
shares its stem's token."""
from collections import Counter

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


def _word_merges(words, alphabet: dict[int, str], merges: list) -> list[tuple[str, str]]:
    """BPE learned on `words` (each counted once, ties broken by the pair itself so the result is
    seeded by nothing) until every word, or each "|"-separated part of one, is one symbol;
    applied in this order, as CLIP's BPE does, they rebuild each word (part) whole."""
    letter = {a + b: a + b for a, b in merges}  # a Cyrillic letter's two byte symbols, merged
    pieces = []
    for word in sorted(set(words)):
        parts = word.split("|")
        for i, part in enumerate(parts):
            syms = []
            for ch in part:
                enc = "".join(alphabet[b] for b in ch.encode("utf-8"))
                syms.append(letter.get(enc, enc) if len(enc) > 1 else enc)
            if i == len(parts) - 1:
                syms[-1] += SUFFIX
            pieces.append(syms)
    learned = []
    while True:
        pairs = Counter(p for syms in pieces for p in zip(syms, syms[1:]))
        if not pairs:
            return learned
        best = min(pairs, key=lambda p: (-pairs[p], p))
        learned.append(best)
        for syms in pieces:
            i = 0
            while i < len(syms) - 1:
                if (syms[i], syms[i + 1]) == best:
                    syms[i:i + 2] = [syms[i] + syms[i + 1]]
                i += 1


def build_tokenizer(max_length: int = 77, words=()) -> CLIPTokenizer:
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
    for a, b in _word_merges([w.lower() for w in words], alphabet, merges):
        merges.append((a, b))
        vocab.setdefault(a + b, len(vocab))
    return CLIPTokenizer(vocab=vocab, merges=merges, model_max_length=max_length)
