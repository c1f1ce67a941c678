"""Each benchmark keeps its figures in a block of its own in a docs page, between two marker
comments: a rerun replaces only that block (other sections belong to other benchmarks)."""
import re


def write_block(path, start, end, text, heading=None, intro=None, new_doc="# Benchmarks\n"):
    """Put `text` between `start` and `end` in `path`. A page without the markers gets the block
    at its end, under `heading` (and `intro`) unless the page already has that heading."""
    block = f"{start}\n{text}\n{end}"
    doc = path.read_text() if path.exists() else new_doc
    if start in doc:
        doc = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, doc, flags=re.S)
    else:
        section = ""
        if heading and heading not in doc:
            section = f"{heading}\n\n" + (f"{intro}\n\n" if intro else "")
        doc = doc.rstrip() + f"\n\n{section}{block}\n"
    path.write_text(doc)
