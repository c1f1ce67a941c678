"""ru→en for the English-only 2.2 prior: MarianMT (Helsinki-NLP/opus-mt-ru-en) from the models dir."""
import re
from pathlib import Path

import torch

CYRILLIC = re.compile("[\u0400-\u04ff]")


def has_cyrillic(text: str) -> bool:
    return bool(CYRILLIC.search(text or ""))


class Translator:
    def __init__(self, path: str | Path, device: torch.device):
        from transformers import MarianMTModel, MarianTokenizer

        self.tokenizer = MarianTokenizer.from_pretrained(str(path), local_files_only=True)
        self.model = MarianMTModel.from_pretrained(str(path), local_files_only=True).to(device).eval()
        self.device = device

    @torch.inference_mode()
    def translate(self, text: str) -> str:
        batch = self.tokenizer([text], return_tensors="pt", truncation=True).to(self.device)
        out = self.model.generate(**batch, max_new_tokens=128, num_beams=2)
        return self.tokenizer.decode(out[0], skip_special_tokens=True)
