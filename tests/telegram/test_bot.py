"""The bot end to end: stand-in Bot API server ↔ aiogram's HTTP client ↔ real Redis and worker."""

import re
import threading

import pytest
from django.utils import timezone

from generation.models import Job
from telegram_bot.models import LinkCode, TelegramAccount, TelegramJob
from tests.telegram.conftest import ALICE, BORIS, BotThread
from tests.telegram.fake_api import FakeTelegram

pytestmark = pytest.mark.django_db(transaction=True)


def _photos(api, user):
    return api.calls_of("sendPhoto", user["id"])


def test_text_to_image_in_english_with_buttons_and_gallery(api, bot):
    api.text(ALICE, "a red fox")
    photos = api.wait(lambda: _photos(api, ALICE))
    account = TelegramAccount.objects.get(telegram_id=ALICE["id"])
    job = Job.objects.get(owner=account.user)
    assert job.status == Job.Status.SUCCEEDED and job.kind == "text2img" and job.language == "en"
    assert job.results.count() == 1  # the owner's gallery has it, private
    # Delivered to the chat = kept (issue 9.3): no canvas to accept it onto, so My gallery.
    assert job.results.get().kept is True
    assert photos[0]["caption"] == "a red fox"
    buttons = [b for row in photos[0]["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["text"] for b in buttons] == ["Again", "Variations", "Send as file", "Open in editor"]
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons if "callback_data" in b)
    assert buttons[3]["url"].endswith(f"/editor/?image={job.results.get().pk}")
    status = api.calls_of("sendMessage", ALICE["id"])[0]
    assert status["text"].startswith(("In the queue", "Drawing", "Starting"))
    assert api.wait(lambda: api.calls_of("deleteMessage", ALICE["id"]))
    assert TelegramJob.objects.get(job=job).delivered
    api.press(ALICE, buttons[2]["callback_data"])
    document = api.wait(lambda: api.calls_of("sendDocument", ALICE["id"]))[0]
    assert document["document"][:8] == b"\x89PNG\r\n\x1a\n"
    commands = api.calls_of("setMyCommands")
    assert {c.get("language_code") for c in commands} == {None, "ru"}
    ru = next(c for c in commands if c.get("language_code") == "ru")
    assert ru["commands"][0]["description"] == "Выбрать стиль"


def test_russian_user_and_isolation(api, bot):
    api.text(BORIS, "")
    api.text(BORIS, "х" * 1001)
    answers = api.wait(lambda: len(api.calls_of("sendMessage", BORIS["id"])) >= 2 and api.calls_of("sendMessage", BORIS["id"]))
    assert answers[0]["text"] == "Я понимаю текстовые описания и фотографии. Пришлите описание картинки."
    assert answers[1]["text"] == "Запрос слишком длинный."
    api.text(BORIS, "кот")
    photo = api.wait(lambda: _photos(api, BORIS))[0]
    buttons = [b for row in photo["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons[0]["text"] == "Ещё раз"
    # Alice presses Boris's button: refused, nothing queued for anyone.
    api.press(ALICE, buttons[2]["callback_data"])
    refusal = api.wait(lambda: api.calls_of("answerCallbackQuery"))[-1]
    assert refusal["text"] == "Not found." and not api.calls_of("sendDocument")
    assert Job.objects.count() == 1 and not _photos(api, ALICE)


def test_sticker_and_limits_answer_without_breaking(api, bot, settings):
    api.inject(message=api.message(ALICE, sticker={"file_id": "s", "file_unique_id": "s", "type": "regular",
                                                    "width": 1, "height": 1, "is_animated": False, "is_video": False}))
    answer = api.wait(lambda: api.calls_of("sendMessage", ALICE["id"]))[0]
    assert answer["text"].startswith("I understand text prompts and photos")
    settings.JOB_MAX_ACTIVE_PER_USER = 0
    api.text(ALICE, "a fox")
    refusal = api.wait(lambda: len(api.calls_of("sendMessage", ALICE["id"])) >= 2 and api.calls_of("sendMessage", ALICE["id"]))[1]
    assert refusal["text"].startswith("You have too many jobs")
    assert not Job.objects.exists()


def test_restart_mid_delivery_delivers_once(api, bot):
    api.held.add("sendPhoto")
    api.text(ALICE, "a fox")
    api.wait(lambda: _photos(api, ALICE))  # the photo is on its way when the bot stops
    bot[0].stop()
    job = TelegramJob.objects.get()
    assert not job.delivered and job.job.status == Job.Status.SUCCEEDED
    api.held.clear()
    bot.append(BotThread(api.url).start())
    api.wait(lambda: [p for m, p in api.answered if m == "sendPhoto"])
    bot[-1].stop()
    assert TelegramJob.objects.get().delivered
    bot.append(BotThread(api.url).start())  # a third start finds nothing to deliver
    assert bot[-1].ready.wait(30)  # its delivery pass is over (no time to guess)
    bot[-1].stop()
    assert len([p for m, p in api.answered if m == "sendPhoto"]) == 1


def test_a_stop_lets_a_send_under_way_finish(api, bot):
    """A stop while a photo is on its way waits for its answer (DELIVERY_WAIT) instead of
    cancelling it: a send cancelled after Telegram took it is given back, and the next bot
    would send the photo a second time."""
    api.held.add("sendPhoto")
    api.text(ALICE, "a fox")
    api.wait(lambda: _photos(api, ALICE))
    threading.Timer(1.0, api.held.clear).start()  # Telegram answers a second into the stop
    bot[0].stop()
    assert TelegramJob.objects.get().delivered
    bot.append(BotThread(api.url).start())
    assert bot[-1].ready.wait(30)
    bot[-1].stop()
    assert len([p for m, p in api.answered if m == "sendPhoto"]) == 1


def test_a_cancelled_bot_stops_and_leaves_nothing_running(api, bot):
    """The management command's way to stop: a cancel. Its polling stops through aiogram, so
    no inner polling task outlives the bot (BotThread.stop checks), and a new bot serves."""
    bot[0].stop()
    bot.append(BotThread(api.url, cancelled=True).start())
    assert bot[-1].ready.wait(30)
    bot[-1].stop()
    bot.append(BotThread(api.url).start())
    api.text(ALICE, "a fox")
    assert api.wait(lambda: _photos(api, ALICE))


def test_a_photo_telegram_could_not_be_reached_for_is_sent_again(api, bot, monkeypatch):
    monkeypatch.setattr("telegram_bot.bot.NETWORK_PAUSES", (0.2, 0.4))
    api.dropped["sendPhoto"] = 2  # the connection is lost twice, unanswered
    api.text(ALICE, "a fox")
    api.wait(lambda: [p for m, p in api.answered if m == "sendPhoto"])
    assert len(_photos(api, ALICE)) == 3 and TelegramJob.objects.get().delivered


def test_429_pauses_only_that_chat(api, bot):
    api.fail_next("sendPhoto", 429, "Too Many Requests: retry after 1", retry_after=1)
    api.text(ALICE, "a fox")
    api.wait(lambda: _photos(api, ALICE) and len(api.calls_of("sendPhoto")) >= 2)
    assert len(_photos(api, ALICE)) == 2  # the refused one, then the retry


def _link_from_profile(client, settings):
    settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_BOT_USERNAME = "123:TEST", "studio_bot"
    page = client.post("/accounts/profile/telegram/").content.decode()
    link = re.search(r'href="https://t\.me/studio_bot\?start=([\w-]+)"', page)
    assert link, "the profile page shows the deep link"
    return link.group(1)


def _confirm_button(api, user, code):
    before = len(api.calls_of("sendMessage", user["id"]))
    api.text(user, f"/start {code}")
    answer = api.wait(lambda: len(api.calls_of("sendMessage", user["id"])) > before
                      and api.calls_of("sendMessage", user["id"])[before])
    markup = answer.get("reply_markup")
    return answer["text"], markup and markup["inline_keyboard"][0][0]["callback_data"]


def test_account_link_once_then_refused(api, bot, alice_client, alice, settings):
    code = _link_from_profile(alice_client, settings)
    text, button = _confirm_button(api, ALICE, code)
    assert "alice" in text and button and len(button.encode()) <= 64
    api.press(ALICE, button)
    api.wait(lambda: any(p.get("text", "").startswith("Linked") for p in api.calls_of("sendMessage", ALICE["id"])))
    assert TelegramAccount.objects.get(telegram_id=ALICE["id"]).user == alice
    api.text(ALICE, "a fox")  # the job is alice's: her gallery has the picture
    api.wait(lambda: _photos(api, ALICE))
    assert Job.objects.get().owner == alice and alice.images.count() == 1
    # Reused by Boris (in Russian): refused, whether from /start or from the old button.
    text, button = _confirm_button(api, BORIS, code)
    assert text.startswith("Эта ссылка устарела") and button is None
    api.press(BORIS, f"c:link:{code}")
    api.wait(lambda: any(p.get("text", "").startswith("Эта ссылка") for p in api.calls_of("answerCallbackQuery")))
    assert TelegramAccount.objects.get(telegram_id=BORIS["id"]).user != alice


def test_expired_link_refused(api, bot, alice_client, settings):
    code = _link_from_profile(alice_client, settings)
    LinkCode.objects.update(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    text, button = _confirm_button(api, ALICE, code)
    assert text.startswith("This link has expired") and button is None
    assert LinkCode.objects.get().code_hash != code  # stored hashed


def test_photo_with_caption_is_fusion_without_offers_variations_and_text_file_refused(api, bot):
    from tests.jobs.conftest import png_bytes

    api.files["ph1"] = png_bytes((64, 64))
    photo = [{"file_id": "ph1", "file_unique_id": "u1", "width": 64, "height": 64}]
    api.inject(message=api.message(BORIS, photo=photo, caption="акварель"))
    api.wait(lambda: _photos(api, BORIS))
    api.inject(message=api.message(BORIS, photo=photo))
    choice = api.wait(lambda: [p for p in api.calls_of("sendMessage", BORIS["id"]) if p.get("reply_markup")])[0]
    assert choice["text"] == "Что сделать с этим фото?"
    buttons = [row[0] for row in choice["reply_markup"]["inline_keyboard"]]
    assert [b["text"] for b in buttons] == ["Вариации", "Взять основой смешивания"]
    api.press(BORIS, buttons[0]["callback_data"])
    api.wait(lambda: len(_photos(api, BORIS)) >= 2)
    assert list(Job.objects.order_by("created_at").values_list("kind", flat=True)) == ["fusion", "variation"]
    assert Job.objects.filter(kind="fusion").get().params["prompt"] == "акварель"
    before = len(api.calls_of("sendMessage", BORIS["id"]))
    api.inject(message=api.message(BORIS, document={"file_id": "t", "file_unique_id": "t", "mime_type": "text/plain"}))
    answer = api.wait(lambda: api.calls_of("sendMessage", BORIS["id"])[before:])[0]
    assert answer["text"].startswith("Я понимаю текстовые описания")


def test_style_keyboard_in_russian_saves_the_choice(api, bot):
    from generation.models import StylePreset

    style = StylePreset.objects.create(slug="watercolour", name_en="Watercolour", name_ru="Акварель",
                                       prompt_template="{prompt}, watercolour")
    api.text(BORIS, "/style")
    keyboard = api.wait(lambda: api.calls_of("sendMessage", BORIS["id"]))[0]["reply_markup"]["inline_keyboard"]
    labels = [row[0]["text"] for row in keyboard]
    assert labels[0] == "✓ Без стиля" and style.name_ru in labels
    api.press(BORIS, next(row[0]["callback_data"] for row in keyboard if row[0]["text"] == style.name_ru))
    api.wait(lambda: TelegramAccount.objects.get(telegram_id=BORIS["id"]).style == style.slug)
    api.text(BORIS, "кот")
    api.wait(lambda: _photos(api, BORIS))
    assert Job.objects.get().params["style"] == style.slug


def test_not_modified_and_blocked_answers_do_not_break_the_bot(api, bot):
    api.fail_next("editMessageText", 400, "Bad Request: message is not modified")
    api.fail_next("sendPhoto", 403, "Forbidden: bot was blocked by the user")
    api.text(ALICE, "a fox")
    api.wait(lambda: api.calls_of("sendPhoto", ALICE["id"]))
    api.wait(lambda: TelegramJob.objects.filter(delivered=True).exists())
    api.text(ALICE, "a second fox")  # the bot still works for that chat afterwards
    api.wait(lambda: [p for m, p in api.answered if m == "sendPhoto"])
    assert not any("Traceback" in str(p.get("text", "")) for p in api.calls_of("sendMessage"))


def test_two_bot_loops_in_one_process_each_follow_their_jobs(api, bot):
    """Each run() listens through a channel layer of its own: channels_redis keeps its receive
    lock and buffers for one event loop, and with the process-wide layer a second bot loop (here
    at the same time, in the suite one after another) raised or waited on the first one's lock."""
    other_api = FakeTelegram()
    other_api.start()
    try:
        other = BotThread(other_api.url).start()
        bot.append(other)
        assert other.ready.wait(30) and bot[0].ready.wait(30)
        api.text(ALICE, "a red fox")
        other_api.text(BORIS, "рыжая лиса")
        assert api.wait(lambda: _photos(api, ALICE)) and other_api.wait(lambda: _photos(other_api, BORIS))
        other.stop()
    finally:
        other_api.stop()
