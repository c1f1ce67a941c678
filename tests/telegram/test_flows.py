"""Bot flows beyond text and fusion: mixes (album, a pair, the base button), /cancel /queue
/history, double presses, voice notes and pictures over the upload limits."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from generation.models import Job
from telegram_bot import bot as bot_module
from telegram_bot.models import TelegramAccount
from tests.jobs.conftest import png_bytes
from tests.telegram.conftest import ALICE, BORIS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _short_album_wait(monkeypatch):
    monkeypatch.setattr(bot_module, "ALBUM_WAIT", 0.3)


def _photo(api, file_id, size, **fields):
    api.files[file_id] = png_bytes(size)
    sizes = [{"file_id": file_id, "file_unique_id": file_id, "width": size[0], "height": size[1], **fields}]
    return sizes


def _with_buttons(api, user, start=0):
    return [p for p in api.calls_of("sendMessage", user["id"])[start:] if p.get("reply_markup")]


def _buttons(markup):
    return {b["text"]: b["callback_data"] for row in markup["inline_keyboard"] for b in row if "callback_data" in b}


def _answers(api):
    return [p.get("text") for p in api.calls_of("answerCallbackQuery")]


def test_album_is_a_mix_with_swap_weight_and_start_once(api, bot):
    api.inject(message=api.message(ALICE, photo=_photo(api, "a", (64, 64)), media_group_id="g1"))
    api.inject(message=api.message(ALICE, photo=_photo(api, "b", (128, 64)), media_group_id="g1"))
    offer = api.wait(lambda: _with_buttons(api, ALICE))[0]
    assert offer["text"] == "Mix of two photos: photo 1 is the base, photo 2 the guide. Guide weight: 0.5."
    buttons = _buttons(offer["reply_markup"])
    assert list(buttons) == ["Swap", "0.3", "✓ 0.5", "0.7", "Start"]
    assert all(len(data.encode()) <= 64 for data in buttons.values())
    api.press(ALICE, buttons["Swap"])
    api.wait(lambda: any("photo 2 is the base" in p["text"] for p in api.calls_of("editMessageText", ALICE["id"])))
    api.press(ALICE, buttons["0.7"])
    edited = api.wait(lambda: [p for p in api.calls_of("editMessageText", ALICE["id"]) if "0.7." in p["text"]])[0]
    assert _buttons(edited["reply_markup"])["✓ 0.7"] == buttons["0.7"]
    api.press(ALICE, buttons["Start"])
    api.press(ALICE, buttons["Start"])  # a double tap: one mix
    api.wait(lambda: api.calls_of("sendPhoto", ALICE["id"]))
    api.wait(lambda: "This choice has expired or was already used." in _answers(api))
    job = Job.objects.get()
    assert job.kind == "mix" and job.params["weights"] == [0.3, 0.7]
    assert [entry["width"] for entry in job.inputs] == [128, 64]  # swapped: the second photo is the base
    assert job.status == Job.Status.SUCCEEDED and job.owner.telegram.telegram_id == ALICE["id"]


def test_base_button_then_a_second_photo_in_russian(api, bot):
    api.inject(message=api.message(BORIS, photo=_photo(api, "a", (64, 64))))
    choice = api.wait(lambda: _with_buttons(api, BORIS))[0]
    api.press(BORIS, _buttons(choice["reply_markup"])["Взять основой смешивания"])
    prompt = api.wait(lambda: [p for p in api.calls_of("sendMessage", BORIS["id"]) if p["text"].startswith("Теперь")])
    assert prompt[0]["text"] == "Теперь пришлите второе фото: ориентир."
    api.inject(message=api.message(BORIS, photo=_photo(api, "b", (128, 64))))
    offer = api.wait(lambda: _with_buttons(api, BORIS, start=1))[0]
    assert offer["text"] == "Смешивание двух фото: основа — фото 1, ориентир — фото 2. Вес ориентира: 0.5."
    assert list(_buttons(offer["reply_markup"])) == ["Поменять местами", "0.3", "✓ 0.5", "0.7", "Начать"]
    api.press(BORIS, _buttons(offer["reply_markup"])["Начать"])
    api.wait(lambda: api.calls_of("sendPhoto", BORIS["id"]))
    job = Job.objects.get()
    assert job.kind == "mix" and job.params["weights"] == [0.5, 0.5]
    assert [entry["width"] for entry in job.inputs] == [64, 128]
    # Alice cannot press Boris's Start (or anything of his).
    api.press(ALICE, _buttons(offer["reply_markup"])["Начать"])
    api.wait(lambda: _answers(api)[-1:] == ["This choice has expired or was already used."])
    assert Job.objects.count() == 1


def test_two_photos_one_after_the_other_offer_a_mix(api, bot):
    api.inject(message=api.message(ALICE, photo=_photo(api, "a", (64, 64))))
    api.wait(lambda: _with_buttons(api, ALICE))
    api.inject(message=api.message(ALICE, photo=_photo(api, "b", (64, 64))))
    offer = api.wait(lambda: _with_buttons(api, ALICE, start=1))[0]
    assert offer["text"].startswith("Mix of two photos")
    first = _buttons(_with_buttons(api, ALICE)[0]["reply_markup"])
    api.press(ALICE, first["Variations"])  # the first photo now belongs to the mix
    api.wait(lambda: "This choice has expired or was already used." in _answers(api))
    assert not Job.objects.exists()


def test_queue_cancel_history_and_a_double_press(api, bot, settings):
    api.text(ALICE, "a red fox")
    api.wait(lambda: api.calls_of("sendPhoto", ALICE["id"]))
    user = TelegramAccount.objects.get(telegram_id=ALICE["id"]).user
    # A job waiting its turn behind someone else's (positions are derived from the fair rule).
    other = get_user_model().objects.create_user("someone-else")
    ahead = Job.objects.create(owner=other, kind="text2img", params={"prompt": "first"}, dispatched_at=timezone.now())
    waiting = Job.objects.create(owner=user, kind="text2img", params={"prompt": "a slow owl"})
    api.text(ALICE, "/queue")
    api.wait(lambda: any(p["text"] == "1. a slow owl: In the queue: position 2"
                         for p in api.calls_of("sendMessage", ALICE["id"])))
    Job.objects.filter(pk=ahead.pk).update(status=Job.Status.CANCELLED)  # never sent: no worker takes it
    api.text(BORIS, "/queue")  # Boris sees none of Alice's jobs
    api.wait(lambda: any(p["text"] == "У вас нет заданий в очереди." for p in api.calls_of("sendMessage", BORIS["id"])))
    api.text(ALICE, "/cancel")
    api.wait(lambda: any(p["text"] == "Cancelling 1 job." for p in api.calls_of("sendMessage", ALICE["id"])))
    waiting.refresh_from_db()
    assert waiting.status == Job.Status.CANCELLED
    api.text(BORIS, "/cancel")
    api.wait(lambda: any(p["text"] == "Отменять нечего." for p in api.calls_of("sendMessage", BORIS["id"])))
    api.text(ALICE, "/history")
    listing = api.wait(lambda: [p for p in api.calls_of("sendMessage", ALICE["id"]) if p["text"].startswith("Your latest")])[0]
    assert listing["text"].splitlines()[1:] == ["1. a red fox"]
    api.press(ALICE, _buttons(listing["reply_markup"])["1"])
    again = api.wait(lambda: api.calls_of("sendPhoto", ALICE["id"])[1:])[0]
    assert again["caption"] == "a red fox"
    # Again pressed twice in a row runs once.
    data = _buttons(again["reply_markup"])["Again"]
    api.press(ALICE, data)
    api.press(ALICE, data)
    api.wait(lambda: "Already on it." in _answers(api))
    api.wait(lambda: len(api.calls_of("sendPhoto", ALICE["id"])) >= 3)
    assert Job.objects.filter(kind="text2img", status=Job.Status.SUCCEEDED).count() == 2
    api.text(BORIS, "/history")
    api.wait(lambda: any(p["text"] == "У вас пока нет картинок." for p in api.calls_of("sendMessage", BORIS["id"])))


def test_voice_and_pictures_over_the_limits(api, bot, settings):
    api.inject(message=api.message(ALICE, voice={"file_id": "v", "file_unique_id": "v", "duration": 2}))
    api.inject(message=api.message(BORIS, voice={"file_id": "v", "file_unique_id": "v", "duration": 2}))
    api.wait(lambda: api.calls_of("sendMessage", ALICE["id"]) and api.calls_of("sendMessage", BORIS["id"]))
    assert api.calls_of("sendMessage", ALICE["id"])[0]["text"] == \
        "I can't listen to voice messages: write the description as text."
    assert api.calls_of("sendMessage", BORIS["id"])[0]["text"] == \
        "Я не слушаю голосовые сообщения: напишите описание текстом."
    commands = {c.get("language_code"): c["commands"] for c in api.calls_of("setMyCommands")}
    assert [c["command"] for c in commands[None]] == ["style", "ratio", "lang", "queue", "cancel", "history", "help"]
    assert [c["description"] for c in commands["ru"]][3:6] == [
        "Ваши задания в очереди", "Отменить ваши задания", "Ваши последние картинки"]
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    api.inject(message=api.message(BORIS, photo=_photo(api, "big", (64, 64), file_size=3 * 1024 * 1024)))
    refusal = api.wait(lambda: api.calls_of("sendMessage", BORIS["id"])[1:])[0]
    assert refusal["text"] == "Файл слишком большой (не более 2 МБ)."
    assert not api.calls_of("getFile")  # refused before downloading
    settings.UPLOAD_MAX_PIXELS = 32 * 32
    api.inject(message=api.message(ALICE, photo=_photo(api, "wide", (64, 64)), caption="a fox"))
    refusal = api.wait(lambda: api.calls_of("sendMessage", ALICE["id"])[1:])[0]
    assert refusal["text"] == "The image is too large."
    assert not Job.objects.exists()
