"""What nano understands, as plain data for the model info (GET /api/v1/models/, the editor):
the words of each kind in English and Russian, and example prompts in both languages. Built
from the dataset's own tables, so it can never promise a word the captions do not use."""
from .dataset import COLOURS, EN_POS, POSITIONS, RU_POS, RU_SHAPE, RU_SIZE, SHAPES, SIZES, Obj, Scene, ru_colour

# A handful that show each kind of word, phrased as a person would (the training captions use
# every one of these forms); none uses a held-out pair, so they draw at their best. Each pair
# says the same scene: tests/engine/test_nano_vocabulary.py parses both back to it.
EXAMPLES = (
    (Scene("blue", (Obj("yellow", "triangle"),)),
     "a yellow triangle on a blue background", "жёлтый треугольник на синем фоне"),
    (Scene("white", (Obj("red", "circle", "big", "left"),)),
     "a big red circle on the left on a white background", "большой красный круг слева на белом фоне"),
    (Scene("yellow", (Obj("black", "square", "small", "top"), Obj("blue", "ring", "small", "bottom"))),
     "a small black square at the top and a small blue ring at the bottom on a yellow background",
     "маленький чёрный квадрат сверху и маленькое синее кольцо снизу на жёлтом фоне"),
    (Scene("green", (Obj("white", "ring"),)), "a white ring, green background", "белое кольцо, зелёный фон"),
    (Scene("purple", (Obj("orange", "line", "small", "right"),)),
     "a small orange line on the right on a purple background", "маленькая оранжевая линия справа на фиолетовом фоне"),
)

def vocabulary() -> dict:
    """{"colours"|"shapes"|"sizes"|"positions": [{"value", "en", "ru"}]}; Russian in the
    masculine nominative (the parser takes every gender and case, and е for ё)."""
    return {
        "colours": [{"value": c, "en": c, "ru": ru_colour(c, "m")} for c in COLOURS],
        "shapes": [{"value": s, "en": s, "ru": RU_SHAPE[s]} for s in SHAPES],
        "sizes": [{"value": s, "en": s, "ru": RU_SIZE[s]["m"]} for s in SIZES],
        "positions": [{"value": p, "en": EN_POS[p][0], "ru": RU_POS[p][0]} for p in POSITIONS],
    }


def examples() -> dict:
    """{"en": [prompt, ...], "ru": [...]}: the same scenes in both languages, in order."""
    return {"en": [en for _, en, _ in EXAMPLES], "ru": [ru for _, _, ru in EXAMPLES]}
