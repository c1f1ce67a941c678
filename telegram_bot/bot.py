"""The Telegram bot (aiogram 3): handlers, the job-event listener and throttled status edits.

Handlers run Django code through database_sync_to_async (telegram_bot.service). Job events
come from the channel layer group of the job's owner, the same group the websocket uses.
"""

import asyncio
import io
import logging
import time

from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramNetworkError, TelegramRetryAfter
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (BotCommand, BotCommandScopeDefault, BufferedInputFile, CallbackQuery,
                           InlineKeyboardButton, InlineKeyboardMarkup, Message)
from channels.db import database_sync_to_async
from channels import DEFAULT_CHANNEL_LAYER
from channels.layers import channel_layers
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import CodedError, message_for
from editor.uploads import too_large
from generation import events
from generation import inputs
from generation.engine.backends.base import ASPECT_RATIOS
from generation.models import Job, StylePreset
from telegram_bot import service
from telegram_bot.sessions import Mix, Photo, Presses, Store

logger = logging.getLogger(__name__)
BAR_WIDTH = 10
ALBUM_WAIT = 1.0  # seconds to collect the photos of an album (they come as separate updates)
PAIR_SECONDS = 60  # a second photo this soon after an unanswered one makes a mix with it
GUIDE_WEIGHTS = ("0.3", "0.5", "0.7")
HISTORY_SIZE = 5
STOP_WAIT = 5.0  # seconds run() waits for its cancelled tasks before it closes anyway
DELIVERY_WAIT = 5.0  # seconds a stopping bot lets the deliveries under way finish
NETWORK_PAUSES = (1.0, 60.0)  # a delivery Telegram could not be reached for: first and longest pause


class ResultAction(CallbackData, prefix="r"):
    action: str  # again, var, file
    job: str  # the job id as 32 hex digits: the whole callback stays under 64 bytes


class PhotoAction(CallbackData, prefix="p"):
    action: str  # var, base
    token: str  # sessions.Store token


class MixAction(CallbackData, prefix="m"):
    action: str  # swap, w, start
    token: str
    value: str = ""  # the guide weight for "w"


class Choice(CallbackData, prefix="c"):
    what: str  # lang, ratio, style, link
    value: str


def _sync(function):
    """Run a sync function in a thread with Django's connection handling."""
    return database_sync_to_async(function)


def with_language(language, function, *args):
    """function(*args) in `language`, in a thread: messages raised there are translated."""
    def call():
        with translation.override(language):
            return function(*args)
    return _sync(call)()


def progress_text(job):
    if job.status == Job.Status.QUEUED:
        # queue_position is 1-based (1 = next to start), as the web shows it (service attaches it).
        return _("In the queue: position %(n)d") % {"n": job.queue_position or 1}
    if not job.total_steps:
        return _("Starting…")
    done = round(BAR_WIDTH * job.step / job.total_steps)
    bar = "█" * done + "░" * (BAR_WIDTH - done)
    return _("Drawing: %(bar)s %(step)d/%(total)d") % {"bar": bar, "step": job.step, "total": job.total_steps}


def result_keyboard(job, image):
    hexid = job.pk.hex
    rows = [[InlineKeyboardButton(text=_("Again"), callback_data=ResultAction(action="again", job=hexid).pack()),
             InlineKeyboardButton(text=_("Variations"), callback_data=ResultAction(action="var", job=hexid).pack())],
            [InlineKeyboardButton(text=_("Send as file"), callback_data=ResultAction(action="file", job=hexid).pack()),
             InlineKeyboardButton(text=_("Open in editor"), url=f"{settings.SITE_URL}/editor/?image={image.pk}")]]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def photo_keyboard(token):
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=_("Variations"), callback_data=PhotoAction(action="var", token=token).pack())],
        [InlineKeyboardButton(text=_("Use as the base of a mix"),
                              callback_data=PhotoAction(action="base", token=token).pack())]])


def mix_text(mix):
    base, guide = (2, 1) if mix.swapped else (1, 2)
    return _("Mix of two photos: %(base)s is the base, %(guide)s the guide. Guide weight: %(weight)s.") % {
        "base": _("photo %(n)d") % {"n": base}, "guide": _("photo %(n)d") % {"n": guide}, "weight": mix.weight}


def mix_keyboard(token, mix):
    weights = [InlineKeyboardButton(text=("✓ " if w == mix.weight else "") + w,
                                    callback_data=MixAction(action="w", token=token, value=w).pack())
               for w in GUIDE_WEIGHTS]
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=_("Swap"), callback_data=MixAction(action="swap", token=token).pack())],
        weights,
        [InlineKeyboardButton(text=_("Start"), callback_data=MixAction(action="start", token=token).pack())]])


def job_label(job):
    return (job.params.get("prompt") or str(job.get_kind_display()))[:60]


class ChatLimiter:
    """At most one call per TELEGRAM_EDIT_INTERVAL per chat; a 429 pauses that chat only."""

    def __init__(self):
        self.next_at = {}
        self.locks = {}

    async def call(self, chat_id, make_request):
        lock = self.locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            while True:
                delay = self.next_at.get(chat_id, 0) - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                self.next_at[chat_id] = time.monotonic() + settings.TELEGRAM_EDIT_INTERVAL
                try:
                    return await make_request()
                except TelegramRetryAfter as exc:
                    self.next_at[chat_id] = time.monotonic() + exc.retry_after


class StudioBot:
    def __init__(self, bot, layer):
        self.bot = bot
        self.layer = layer  # this bot's own channel layer (see run)
        self.limiter = ChatLimiter()
        self.latest = {}  # job id → the newest status text not yet shown (coalesced)
        self.editing = set()  # job ids with an edit task running
        self.channel = None
        self.groups = set()
        self.sessions = Store()
        self.presses = Presses()
        self.albums = {}  # media_group_id → [messages], collected for ALBUM_WAIT
        self.deliveries = set()  # delivery tasks under way (deliver_soon)

    # --- events --------------------------------------------------------------------------

    async def listen(self, user_id):
        group = events.group_name(user_id)
        if group not in self.groups:
            await self.layer.group_add(group, self.channel)
            self.groups.add(group)

    async def event_loop(self, ready=None):
        """Deliver what finished while no bot ran, then follow the users' job events; `ready`
        (a threading.Event, for tests) is set once that first delivery pass is done."""
        self.channel = await self.layer.new_channel()
        for user_id in await _sync(service.pending_owner_ids)():
            await self.listen(user_id)
        late = [self.deliver_soon(job_id) for job_id in await _sync(service.undelivered)()]
        if late:  # finished while no bot was running
            await asyncio.wait(late)
        if ready is not None:
            ready.set()
        while True:
            event = await self.layer.receive(self.channel)
            message = event.get("message") or {}
            one = message.get("job_id") or (message.get("job") or {}).get("id")
            # A "queue" message moves several of the user's jobs: each status message is redrawn.
            for job_id in [one] if one else list(message.get("positions") or ()):
                try:
                    await self.on_job_event(job_id)
                except Exception:  # one bad event must not stop the listener
                    logger.exception("Telegram: handling the event of job %s failed", job_id)

    async def on_job_event(self, job_id):
        tg_job = await _sync(service.tracked_job)(job_id)
        if tg_job is None or tg_job.delivered:
            return
        if tg_job.job.is_finished:
            self.deliver_soon(tg_job.job_id)
            return
        if tg_job.status_message_id is None:
            return
        with translation.override(tg_job.job.language or None):
            self.latest[tg_job.job_id] = progress_text(tg_job.job)
        if tg_job.job_id not in self.editing:
            self.editing.add(tg_job.job_id)
            asyncio.create_task(self.flush_status(tg_job))

    async def flush_status(self, tg_job):
        try:
            while tg_job.job_id in self.latest:
                text = self.latest.pop(tg_job.job_id)
                await self.limiter.call(tg_job.chat_id, lambda: self.bot.edit_message_text(
                    text=text, chat_id=tg_job.chat_id, message_id=tg_job.status_message_id))
        except TelegramBadRequest as exc:
            if "not modified" not in str(exc):
                logger.warning("Telegram: status edit failed: %s", exc)
        except TelegramAPIError as exc:
            logger.warning("Telegram: status edit failed: %s", exc)
        finally:
            self.editing.discard(tg_job.job_id)

    def deliver_soon(self, job_id):
        """Deliver in a task of its own, not the listener's: a stopping bot cancels its listener
        but lets a send under way finish (finish_deliveries), since a send cancelled after
        Telegram took it would be given back and sent again by the next bot."""
        task = asyncio.create_task(self._deliver_logged(job_id), name=f"deliver {job_id}")
        self.deliveries.add(task)
        task.add_done_callback(self.deliveries.discard)
        return task

    async def _deliver_logged(self, job_id):
        try:
            await self.deliver(job_id)
        except Exception:  # one failed delivery must not go unheard or stop the others
            logger.exception("Telegram: delivering job %s failed", job_id)

    async def finish_deliveries(self, timeout):
        """Wait up to `timeout` for the deliveries under way, then cancel the rest (each gives
        its job back for the next bot, see deliver)."""
        if not self.deliveries:
            return
        _, late = await asyncio.wait(set(self.deliveries), timeout=timeout)
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late, timeout=timeout)

    async def deliver(self, job_id):
        """Send the outcome of a finished job, once (service.claim_delivery)."""
        if not await _sync(service.claim_delivery)(job_id):
            return
        self.latest.pop(job_id, None)
        tg_job = await _sync(lambda: service.TelegramJob.objects.select_related("job").get(job_id=job_id))()
        job = tg_job.job
        image = await _sync(lambda: job.results.order_by("created_at", "id").first())()
        with translation.override(job.language or None):
            if image is not None:
                send = await self.result_sender(tg_job.chat_id, job, image)
            else:
                text = (_("Cancelled.") if job.status == Job.Status.CANCELLED
                        else message_for(job.error_code, job.error_message))
                send = lambda: self.bot.send_message(tg_job.chat_id, text)  # noqa: E731
        try:
            await self.send_until_reached(tg_job.chat_id, send)
        except asyncio.CancelledError:
            # Stopped mid-send: give the job back, the next bot start delivers it.
            await asyncio.shield(_sync(service.release_delivery)(job_id))
            raise
        except TelegramAPIError as exc:  # blocked by the user, chat gone: nothing more to do
            logger.warning("Telegram: delivering job %s failed: %s", job_id, exc)
            return
        try:
            if tg_job.status_message_id:
                await self.limiter.call(tg_job.chat_id, lambda: self.bot.delete_message(
                    tg_job.chat_id, tg_job.status_message_id))
        except TelegramAPIError as exc:  # blocked by the user, chat gone: nothing more to do
            logger.warning("Telegram: delivering job %s failed: %s", job_id, exc)

    async def send_until_reached(self, chat_id, send):
        """A send through the chat's limiter, tried again while Telegram cannot be reached (a
        network fault, a closed connection), with pauses that double up to NETWORK_PAUSES[1]:
        an outcome is never dropped for a blip. A stop cancels the wait (deliver gives back)."""
        pause, longest = NETWORK_PAUSES
        while True:
            try:
                return await self.limiter.call(chat_id, send)
            except TelegramNetworkError as exc:
                logger.warning("Telegram: not reached (%s), trying again in %s s", exc, pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, longest)

    async def result_sender(self, chat_id, job, image):
        """A callable sending the result photo with its buttons (in the active language)."""
        data = await _sync(lambda: image.file.open("rb").read())()
        caption = job.params.get("prompt", "")[:1000]
        markup = result_keyboard(job, image)
        return lambda: self.bot.send_photo(chat_id, BufferedInputFile(data, "result.png"),
                                           caption=caption, reply_markup=markup)

    # --- submitting ----------------------------------------------------------------------

    async def submit(self, account, chat_id, kind, data):
        """Queue a job and post its status message; refusals answer with the translated message."""
        language = account.language
        await self.listen(account.user_id)  # before the job exists, so no event is missed
        try:
            job = await with_language(language, service.submit, account, chat_id, kind, data, language)
        except CodedError as exc:
            await self.refuse(chat_id, language, exc)
            return None
        with translation.override(language):
            text = progress_text(job)
        status = await self.limiter.call(chat_id, lambda: self.bot.send_message(chat_id, text))
        await _sync(service.set_status_message)(job.pk, status.message_id)
        await self.on_job_event(job.pk)  # it may have finished before the id was saved
        return job

    async def refuse(self, chat_id, language, exc):
        """A refused request (CodedError) answered with its short translated message."""
        with translation.override(language):
            text = message_for(exc.code, str(exc.message))
        await self.bot.send_message(chat_id, text)


def build_router(studio):
    router = Router()

    async def account_of(user):
        return await _sync(service.account_for)(user.id, user.language_code or "", user.full_name)

    async def load_picture(bot, message, language):
        """The bytes of the message's photo (or image document), checked against the upload
        limits: the byte cap before downloading (Telegram tells the size), then the web's own
        validator (format, pixel cap, bombs). CodedError, translated, when refused."""
        source = message.photo[-1] if message.photo else message.document
        if source.file_size and source.file_size > settings.UPLOAD_MAX_BYTES:
            with translation.override(language):
                raise too_large("image")
        data = (await bot.download(source, destination=io.BytesIO())).getvalue()
        await with_language(language, inputs.load_upload, upload(data), "image")
        return data

    async def edit(query, text, reply_markup=None):
        # By ids: an old message may come as InaccessibleMessage, which has no edit_text.
        await studio.bot.edit_message_text(text=text, chat_id=query.message.chat.id,
                                           message_id=query.message.message_id, reply_markup=reply_markup)

    async def claim_press(query, account):
        """False (and a short answer) when this button was just pressed: a double tap runs once."""
        if studio.presses.first(f"{query.from_user.id}:{query.data}"):
            return True
        with translation.override(account.language):
            await query.answer(_("Already on it."))
        return False

    async def one_photo(account, chat_id, data, caption):
        """A single photo: with a caption fusion; without, the second of a pair makes a mix,
        else the choice between variations and a mix base."""
        if caption:
            await studio.submit(account, chat_id, "fusion", {"image": upload(data), "prompt": caption})
            return
        owner = account.telegram_id
        token, earlier = studio.sessions.latest_photo(owner, PAIR_SECONDS)
        if earlier is not None and studio.sessions.take(token, owner, Photo):
            await offer_mix(account, chat_id, [earlier.data, data])
            return
        token = studio.sessions.put(Photo(owner=owner, data=data))
        with translation.override(account.language):
            await studio.bot.send_message(chat_id, _("What should I do with this photo?"),
                                          reply_markup=photo_keyboard(token))

    async def offer_mix(account, chat_id, pictures):
        mix = Mix(owner=account.telegram_id, pictures=pictures)
        token = studio.sessions.put(mix)
        with translation.override(account.language):
            await studio.bot.send_message(chat_id, mix_text(mix), reply_markup=mix_keyboard(token, mix))

    async def album(message, bot):
        """Telegram sends an album's photos as separate updates with one media_group_id: the
        first collects the rest for ALBUM_WAIT, then two or more become a mix."""
        group = message.media_group_id
        first = group not in studio.albums
        studio.albums.setdefault(group, []).append(message)
        if not first:
            return
        await asyncio.sleep(ALBUM_WAIT)
        messages = sorted(studio.albums.pop(group), key=lambda m: m.message_id)
        account = await account_of(message.from_user)
        pictures = []
        for item in messages[:2]:
            try:
                pictures.append(await load_picture(bot, item, account.language))
            except CodedError as exc:
                await studio.refuse(message.chat.id, account.language, exc)
                return
        if len(pictures) == 1:
            await one_photo(account, message.chat.id, pictures[0], message.caption)
            return
        if len(messages) > 2:
            with translation.override(account.language):
                await message.answer(_("A mix takes two photos: I took the first two."))
        await offer_mix(account, message.chat.id, pictures)

    @router.message(CommandStart())
    async def start(message: Message, command: CommandObject):
        account = await account_of(message.from_user)
        with translation.override(account.language):
            if command.args:
                link = await _sync(service.valid_link_code)(command.args)
                if link is None:
                    await message.answer(_("This link has expired or was already used. Open your profile page for a new one."))
                    return
                button = InlineKeyboardButton(text=_("Link"), callback_data=Choice(what="link", value=command.args).pack())
                await message.answer(_("Link this Telegram account to the site account %(name)s?") % {
                    "name": link.user.shown_name}, reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]))
                return
            await message.answer(help_text())

    @router.message(Command("help"))
    async def help_command(message: Message):
        account = await account_of(message.from_user)
        with translation.override(account.language):
            await message.answer(help_text())

    @router.message(Command("lang"))
    async def lang(message: Message):
        account = await account_of(message.from_user)
        with translation.override(account.language):
            buttons = [InlineKeyboardButton(text=str(name), callback_data=Choice(what="lang", value=code).pack())
                       for code, name in settings.LANGUAGES]
            await message.answer(_("Choose the language:"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[buttons]))

    @router.message(Command("ratio"))
    async def ratio(message: Message):
        account = await account_of(message.from_user)
        with translation.override(account.language):
            buttons = [InlineKeyboardButton(text=("✓ " if r == account.aspect_ratio else "") + r,
                                            callback_data=Choice(what="ratio", value=r).pack()) for r in ASPECT_RATIOS]
            await message.answer(_("Choose the aspect ratio:"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[buttons]))

    @router.message(Command("style"))
    async def style(message: Message):
        account = await account_of(message.from_user)
        styles = await _sync(lambda: list(StylePreset.objects.filter(active=True)))()
        with translation.override(account.language):
            rows = [[InlineKeyboardButton(text=("✓ " if not account.style else "") + _("No style"),
                                          callback_data=Choice(what="style", value="-").pack())]]
            rows += [[InlineKeyboardButton(text=("✓ " if s.slug == account.style else "") + s.name_for(account.language),
                                           callback_data=Choice(what="style", value=s.slug).pack())] for s in styles]
            await message.answer(_("Choose the style:"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))

    @router.callback_query(Choice.filter())
    async def choose(query: CallbackQuery, callback_data: Choice):
        account = await account_of(query.from_user)
        what, value = callback_data.what, callback_data.value
        if what == "link":
            linked = await _sync(service.confirm_link)(value, query.from_user.id)
            account = await account_of(query.from_user)
            with translation.override(account.language):
                text = (_("Linked: your pictures now go to your site gallery.") if linked
                        else _("This link has expired or was already used. Open your profile page for a new one."))
        else:
            field = {"lang": "language", "ratio": "aspect_ratio", "style": "style"}[what]
            valid = {"lang": service.LANGUAGES, "ratio": list(ASPECT_RATIOS)}.get(what)
            if valid is not None and value not in valid:
                return await query.answer()
            setattr(account, field, "" if value == "-" else value)
            await _sync(account.save)(update_fields=[field])
            with translation.override(account.language):
                text = _("Saved.")
        await query.answer(text)
        if query.message:
            await query.message.answer(text)

    @router.callback_query(PhotoAction.filter())
    async def photo_action(query: CallbackQuery, callback_data: PhotoAction):
        account = await account_of(query.from_user)
        if not await claim_press(query, account):
            return
        owner, token = account.telegram_id, callback_data.token
        with translation.override(account.language):
            # Variations consumes the photo; a base waits in the store for its guide.
            photo = (studio.sessions.take if callback_data.action == "var" else studio.sessions.get)(token, owner, Photo)
            if photo is None:
                return await query.answer(_("This choice has expired or was already used."), show_alert=True)
            await query.answer()
            if callback_data.action == "var":
                await studio.submit(account, query.message.chat.id, "variation", {"image": upload(photo.data), "style": ""})
            else:
                photo.as_base = True
                await query.message.answer(_("Now send the second photo: the guide."))

    @router.callback_query(MixAction.filter())
    async def mix_action(query: CallbackQuery, callback_data: MixAction):
        account = await account_of(query.from_user)
        owner, token, action = account.telegram_id, callback_data.token, callback_data.action
        with translation.override(account.language):
            # Start takes the mix out of the store: a second press finds nothing.
            mix = (studio.sessions.take if action == "start" else studio.sessions.get)(token, owner, Mix)
            if mix is None:
                return await query.answer(_("This choice has expired or was already used."), show_alert=True)
            await query.answer()
            if action == "start":
                await edit(query, mix_text(mix) + "\n" + _("Started."))  # the buttons go
                base, guide = mix.base_guide
                weight = float(mix.weight)
                await studio.submit(account, query.message.chat.id, "mix", {
                    "images": [upload(base, "base.png"), upload(guide, "guide.png")],
                    "weights": [round(1 - weight, 2), weight], "style": ""})
                return
            if action == "swap":
                mix.swapped = not mix.swapped
            elif callback_data.value in GUIDE_WEIGHTS:
                mix.weight = callback_data.value
            try:
                await edit(query, mix_text(mix), reply_markup=mix_keyboard(token, mix))
            except TelegramBadRequest as exc:  # the weight it already had: "not modified"
                if "not modified" not in str(exc):
                    raise

    @router.callback_query(ResultAction.filter())
    async def result_action(query: CallbackQuery, callback_data: ResultAction):
        account = await account_of(query.from_user)
        job = await _sync(service.own_job)(account, callback_data.job)
        with translation.override(account.language):
            if job is None:
                return await query.answer(message_for("not_found"), show_alert=True)
            if not await claim_press(query, account):
                return
            image = await _sync(lambda: job.results.order_by("created_at", "id").first())()
            await query.answer()
            chat_id = query.message.chat.id
            if callback_data.action == "send" and image is not None:  # from /history
                await studio.limiter.call(chat_id, await studio.result_sender(chat_id, job, image))
                return
            if callback_data.action == "again":
                fields = {k: job.params[k] for k in ("prompt", "style", "aspect_ratio") if job.params.get(k)}
                fields.setdefault("style", "")
                if job.kind == Job.Kind.TEXT2IMG:
                    await studio.submit(account, chat_id, "text2img", fields)
                    return
            if image is None:
                return
            data = await _sync(lambda: image.file.open("rb").read())()
            if callback_data.action == "file":
                await query.message.answer_document(BufferedInputFile(data, f"{image.pk}.png"))
            elif callback_data.action in ("var", "again"):
                await studio.submit(account, chat_id, "variation",
                                    {"image": SimpleUploadedFile("result.png", data), "style": ""})

    @router.message(F.photo | (F.document & F.document.mime_type.startswith("image/")))
    async def photo(message: Message, bot: Bot):
        if message.media_group_id:
            return await album(message, bot)
        account = await account_of(message.from_user)
        try:
            data = await load_picture(bot, message, account.language)
        except CodedError as exc:
            return await studio.refuse(message.chat.id, account.language, exc)
        await one_photo(account, message.chat.id, data, message.caption)

    @router.message(Command("cancel"))
    async def cancel(message: Message):
        account = await account_of(message.from_user)
        count = await _sync(service.cancel_active)(account)
        with translation.override(account.language):
            await message.answer(ngettext("Cancelling %(n)d job.", "Cancelling %(n)d jobs.", count) % {"n": count}
                                 if count else _("Nothing to cancel."))

    @router.message(Command("queue"))
    async def queue(message: Message):
        account = await account_of(message.from_user)
        jobs = await _sync(service.active_jobs)(account)
        with translation.override(account.language):
            lines = [f"{i}. {job_label(job)}: {progress_text(job)}" for i, job in enumerate(jobs, 1)]
            await message.answer("\n".join(lines) or _("You have no jobs in the queue."))

    @router.message(Command("history"))
    async def history(message: Message):
        account = await account_of(message.from_user)
        jobs = await _sync(service.recent_results)(account, HISTORY_SIZE)
        with translation.override(account.language):
            if not jobs:
                return await message.answer(_("You have no pictures yet."))
            lines = [_("Your latest pictures (press a number to get one again):")]
            lines += [f"{i}. {job_label(job)}" for i, job in enumerate(jobs, 1)]
            buttons = [InlineKeyboardButton(text=str(i), callback_data=ResultAction(action="send", job=job.pk.hex).pack())
                       for i, job in enumerate(jobs, 1)]
            await message.answer("\n".join(lines), reply_markup=InlineKeyboardMarkup(inline_keyboard=[buttons]))

    @router.message(F.voice | F.audio | F.video_note)
    async def voice(message: Message):
        account = await account_of(message.from_user)
        with translation.override(account.language):
            await message.answer(_("I can't listen to voice messages: write the description as text."))

    @router.message(F.text & ~F.text.startswith("/"))
    async def text(message: Message):
        account = await account_of(message.from_user)
        await studio.submit(account, message.chat.id, "text2img", {"prompt": message.text.strip()})

    @router.message()
    async def anything_else(message: Message):
        if message.from_user is None:
            return
        account = await account_of(message.from_user)
        with translation.override(account.language):
            await message.answer(_("I understand text prompts and photos. Send a description of a picture."))

    @router.error()
    async def on_error(event):
        # Log it; the chat gets a short message, never the exception.
        logger.exception("Telegram: a handler failed", exc_info=event.exception)
        update = event.update
        chat = (update.message and update.message.chat) or (
            update.callback_query and update.callback_query.message and update.callback_query.message.chat)
        if chat is not None:
            try:
                await studio.bot.send_message(chat.id, message_for("error"))
            except TelegramAPIError:
                pass
        return True

    return router


def upload(data, name="telegram.jpg"):
    return SimpleUploadedFile(name, data)


def help_text():
    return _("Send me a description and I will draw it. A photo with a caption mixes the photo "
             "with the text; a photo alone gives variations or the base of a mix; two photos (an album, "
             "or one after the other) mix: the first is the base, the second the guide.\n"
             "/style: the style\n/ratio: the aspect ratio\n/lang: the language\n"
             "/queue: your jobs in the queue\n/cancel: cancel your jobs\n/history: your latest pictures\n"
             "/help: this message")


def commands():
    return [BotCommand(command="style", description=_("Choose the style")),
            BotCommand(command="ratio", description=_("Choose the aspect ratio")),
            BotCommand(command="lang", description=_("Change the language")),
            BotCommand(command="queue", description=_("Your jobs in the queue")),
            BotCommand(command="cancel", description=_("Cancel your jobs")),
            BotCommand(command="history", description=_("Your latest pictures")),
            BotCommand(command="help", description=_("What the bot does"))]


def make_bot(token, api_url):
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url.rstrip("/")))
    return Bot(token, session=session)


async def _stop_polling(dispatcher, polling):
    """Stop aiogram's polling its own way: a cancelled start_polling() leaves its inner polling
    task running (it asks getUpdates on a closed session, for ever), stop_polling() ends it."""
    if polling.done():
        return
    try:
        await asyncio.wait_for(dispatcher.stop_polling(), STOP_WAIT)
    except (RuntimeError, TimeoutError):  # not started yet ("Polling is not started"), or stuck
        polling.cancel()


async def run(token, api_url, stop=None, ready=None):
    """Poll until cancelled (or until the `stop` asyncio.Event is set); `ready`: see event_loop."""
    bot = make_bot(token, api_url)
    # A layer of its own, not the process-wide get_channel_layer(): channels_redis keeps its
    # receive lock and buffers for one event loop, and a second bot loop in the same process (a
    # restart, or the tests' bot threads) waited on the first one's lock forever.
    layer = channel_layers.make_backend(DEFAULT_CHANNEL_LAYER)
    studio = StudioBot(bot, layer)
    dispatcher = Dispatcher()
    dispatcher.include_router(build_router(studio))
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            await bot.set_my_commands(commands(), scope=BotCommandScopeDefault(),
                                      language_code=None if code == "en" else code)
    listener = asyncio.create_task(studio.event_loop(ready), name="listener")
    # close_bot_session=False: aiogram would close the session as polling stops, under the
    # deliveries still under way (they fail "Server disconnected"); run() closes it after them.
    polling = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1,
                                                           close_bot_session=False), name="polling")
    try:
        # Shielded: a cancelled run() stops the polling below, through aiogram, not by a cancel.
        await (asyncio.shield(polling) if stop is None else stop.wait())
    finally:
        listener.cancel()
        await _stop_polling(dispatcher, polling)
        await studio.finish_deliveries(DELIVERY_WAIT)
        # Bounded: a CI run saw a stop that never ended (a task that did not finish once
        # cancelled); the bot must stop all the same, and the log says which task it was.
        _, stuck = await asyncio.wait({listener, polling}, timeout=STOP_WAIT)
        for task in stuck:
            logger.warning("Telegram: %s did not stop within %s s: %s", task.get_name(), STOP_WAIT,
                           "".join(str(frame) for frame in task.get_stack()))
        await bot.session.close()
        if hasattr(layer, "close_pools"):  # channels_redis: its connections belong to this loop
            await layer.close_pools()
