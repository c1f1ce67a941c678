"""Prompt moderation against the admin-editable blocklist (generation.models.BlockedTerm).

A "word" term blocks its word forms too: English by common suffixes, Russian by stem, since
Russian inflects by endings ("слово" also blocks "слова", "словами"). Text is compared
case-insensitively with ё folded into е. A "regex" term is searched as written (ignoring case).
"""

import re
import unicodedata

from generation.models import BlockedTerm, RejectedPrompt

_CYRILLIC = re.compile(r"[а-яё]")
# Longest first, so "ами" is stripped before "и".
_RU_ENDINGS = sorted(
    "а я о е ё ы и ь й у ю ой ей ий ый ая яя ое ее ие ые ом ем ам ям ах ях ов ев ом ою ею "
    "ами ями ого его ому ему ыми ими ую юю ях".split(), key=len, reverse=True)
_RU_SUFFIXES = "(?:" + "|".join(_RU_ENDINGS) + ")?"
_EN_SUFFIXES = r"(?:s|es|ed|ing|er|ers|y)?"


def normalize(text):
    text = unicodedata.normalize("NFKC", text or "").casefold().replace("ё", "е")
    # Zero-width characters would let "b\u200bad" slip past a word match.
    return re.sub(r"[\u200b-\u200f\u2060\ufeff\u00ad]", "", text)


def _ru_stem(word):
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def word_pattern(term):
    """A regex matching the term's words in sequence, each in any of its forms."""
    parts = []
    for word in normalize(term).split():
        if _CYRILLIC.search(word):
            # Stem plus an inflectional ending: "слова", "словами" yes, "словарь" no.
            parts.append(re.escape(_ru_stem(word)) + _RU_SUFFIXES)
        else:
            parts.append(re.escape(word) + _EN_SUFFIXES)
    return r"(?<!\w)" + r"[\W_]+".join(parts) + r"(?!\w)" if parts else None


def _compiled(term):
    if term.match == BlockedTerm.Match.REGEX:
        try:
            return re.compile(term.term, re.IGNORECASE)
        except re.error:  # the admin validates; a bad row must not take the API down
            return None
    pattern = word_pattern(term.term)
    return re.compile(pattern) if pattern else None


def find_blocked(*texts):
    """The first active blocked term found in any of the texts, or None."""
    normalized = [normalize(t) for t in texts if t]
    if not normalized:
        return None
    for term in BlockedTerm.objects.filter(active=True):
        pattern = _compiled(term)
        if pattern and any(pattern.search(text) for text in normalized):
            return term
    return None


def check_prompt(user, *texts):
    """Record and return the matched term when the texts are not allowed, else None."""
    term = find_blocked(*texts)
    if term is not None:
        RejectedPrompt.objects.create(
            user=user, prompt="\n".join(t for t in texts if t)[:5000], term=term.term)
    return term
