"""nano's vocabulary and example prompts (the model info): plain data the parser agrees with."""
import json

from generation.engine.nano.dataset import COLOURS, POSITIONS, SHAPES, SIZES
from generation.engine.nano.evaluate import parse
from generation.engine.nano.vocabulary import EXAMPLES, examples, vocabulary


def test_examples_say_their_scene_in_both_languages():
    shown = examples()
    assert set(shown) == {"en", "ru"} and len(shown["en"]) == len(shown["ru"]) == len(EXAMPLES) >= 3
    for (scene, en, ru), shown_en, shown_ru in zip(EXAMPLES, shown["en"], shown["ru"]):
        assert (shown_en, shown_ru) == (en, ru)
        assert parse(en) == scene and parse(ru) == scene, (en, ru)


def test_vocabulary_lists_every_word_and_the_parser_reads_it():
    words = vocabulary()
    assert json.loads(json.dumps(words)) == words  # plain data, as published to Redis
    values = {kind: [t["value"] for t in terms] for kind, terms in words.items()}
    assert values == {"colours": list(COLOURS), "shapes": list(SHAPES), "sizes": list(SIZES),
                      "positions": list(POSITIONS)}
    by_value = {kind: {t["value"]: t for t in terms} for kind, terms in words.items()}
    assert by_value["colours"]["yellow"]["ru"] == "жёлтый" and by_value["shapes"]["line"]["ru"] == "линия"
    assert by_value["positions"]["left"] == {"value": "left", "en": "on the left", "ru": "слева"}
    for colour in words["colours"]:
        for shape in words["shapes"]:
            for lang in ("en", "ru"):
                ground = "blue" if colour["value"] != "blue" else "red"
                ground_word = {"en": f"on a {ground} background", "ru": f"{by_value['colours'][ground]['ru']} фон"}
                text = f"{colour[lang]} {shape[lang]}, {ground_word[lang]}" if lang == "ru" else \
                    f"a {colour[lang]} {shape[lang]} {ground_word[lang]}"
                scene = parse(text)
                assert scene is not None and scene.ground == ground, text
                assert (scene.objects[0].colour, scene.objects[0].shape) == (colour["value"], shape["value"]), text


def test_the_loaded_nano_announces_them(nano):
    info = nano.info()
    assert info["vocabulary"] == vocabulary() and info["examples"] == examples()
    assert (info["default_size"], info["max_size"]) == (64, 128)
