"""Short-lived choices the bot keeps in its own process: a photo waiting for "Variations" or
"Use as the base of a mix", a mix waiting for Start, presses just handled.

They live in memory (one bot process per token) and expire after SESSION_SECONDS; a restart
forgets them, and the buttons then answer that the choice has expired. Handlers run on one
asyncio loop, so `take` (a dict pop with no await in between) is the consume step: of two
presses of Start, exactly one finds the mix.
"""

import secrets
import time
from dataclasses import dataclass, field

SESSION_SECONDS = 10 * 60
PRESS_SECONDS = 3  # a second press of the same button within this is the same press


@dataclass
class Photo:
    owner: int  # Telegram user id
    data: bytes
    as_base: bool = False  # "Use as the base of a mix" was pressed: the next photo is the guide
    at: float = field(default_factory=time.monotonic)


@dataclass
class Mix:
    owner: int
    pictures: list  # [base bytes, guide bytes], in the order they were sent
    weight: str = "0.5"  # the guide's weight, one of bot.GUIDE_WEIGHTS
    swapped: bool = False
    at: float = field(default_factory=time.monotonic)

    @property
    def base_guide(self):
        return self.pictures[::-1] if self.swapped else self.pictures


class Store:
    def __init__(self):
        self.items = {}  # token → Photo | Mix

    def _prune(self):
        now = time.monotonic()
        for token in [t for t, item in self.items.items() if now - item.at > SESSION_SECONDS]:
            del self.items[token]

    def put(self, item):
        self._prune()
        token = secrets.token_hex(8)  # 16 characters: callback data stays far under 64 bytes
        self.items[token] = item
        return token

    def get(self, token, owner, kind):
        """The owner's live item of this kind, else None (another user's looks expired)."""
        self._prune()
        item = self.items.get(token)
        return item if isinstance(item, kind) and item.owner == owner else None

    def take(self, token, owner, kind):
        item = self.get(token, owner, kind)
        if item is not None:
            del self.items[token]
        return item

    def latest_photo(self, owner, within):
        """The owner's newest waiting photo and its token when younger than `within` seconds
        (or chosen as a base, whatever its age within the session)."""
        self._prune()
        now = time.monotonic()
        photos = [(item.at, token, item) for token, item in self.items.items()
                  if isinstance(item, Photo) and item.owner == owner and (item.as_base or now - item.at <= within)]
        if not photos:
            return None, None
        _at, token, item = max(photos, key=lambda entry: entry[0])
        return token, item


class Presses:
    """Debounces buttons: the same user pressing the same button again within PRESS_SECONDS."""

    def __init__(self):
        self.last = {}

    def first(self, key):
        now = time.monotonic()
        self.last = {k: at for k, at in self.last.items() if now - at < PRESS_SECONDS}
        if key in self.last:
            return False
        self.last[key] = now
        return True
