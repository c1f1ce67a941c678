"""A minimal reader for gettext .po files: enough to find untranslated and fuzzy entries."""

import re
from dataclasses import dataclass, field

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$')
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unescape(text):
    return re.sub(r'\\(.)', lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict = field(default_factory=dict)  # plural index (0 for singular) -> text
    flags: set = field(default_factory=set)
    references: list = field(default_factory=list)
    obsolete: bool = False
    raw: str = ""

    @property
    def is_header(self):
        return self.msgid == "" and self.msgctxt is None

    @property
    def fuzzy(self):
        return "fuzzy" in self.flags

    def missing_forms(self, nplurals):
        """Indexes of the translations that are empty (or absent) for this entry."""
        wanted = range(nplurals) if self.msgid_plural is not None else range(1)
        return [i for i in wanted if not self.msgstr.get(i)]


def parse(text):
    entries, lines = [], []
    seen_msgstr = False
    for line in text.splitlines() + [""]:
        stripped = line[2:].lstrip() if line.startswith("#~") else line
        starts_entry = line.startswith("#") and not line.startswith("#~ msgstr") or stripped.startswith(("msgctxt", "msgid "))
        # An entry ends at a blank line, or where the next one begins without one (it happens
        # right after the header of a catalogue makemessages has just created).
        if not line.strip() or (seen_msgstr and starts_entry and not stripped.startswith('"')):
            if lines:
                entries.append(_parse_entry(lines))
            lines, seen_msgstr = [], False
            if not line.strip():
                continue
        lines.append(line)
        seen_msgstr = seen_msgstr or stripped.startswith("msgstr")
    return entries


def _parse_entry(lines):
    entry, current = Entry(raw="\n".join(lines)), None
    for line in lines:
        if line.startswith("#~"):
            entry.obsolete = True
            line = line[2:].strip()
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        elif line.startswith("#:"):
            entry.references.extend(line[2:].split())
            continue
        elif line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, value = match.groups()
            current = ("msgstr", int(index or 0)) if keyword.startswith("msgstr") else (keyword, None)
            _append(entry, current, _unescape(value))
        elif line.startswith('"') and current:
            _append(entry, current, _unescape(line[1:-1]))
    return entry


def _append(entry, current, value):
    keyword, index = current
    if keyword == "msgstr":
        entry.msgstr[index] = entry.msgstr.get(index, "") + value
    else:
        setattr(entry, keyword, (getattr(entry, keyword) or "") + value)


def nplurals(entries):
    header = next((e for e in entries if e.is_header), None)
    match = re.search(r"nplurals\s*=\s*(\d+)", header.msgstr.get(0, "")) if header else None
    return int(match.group(1)) if match else None
