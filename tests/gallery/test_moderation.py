"""Moderation rules and the log: publishing, decisions, reports, bans, the staff page."""

import pytest
from django.test import override_settings
from django.urls import reverse

from core.errors import CodedError
from editor import actions
from editor.models import Image, ModerationLog

pytestmark = pytest.mark.django_db


def public_ids(client):
    return {item["id"] for item in client.get(reverse("api-gallery")).json()["results"]}


def test_making_public_queues_for_review_and_logs(alice, make_image):
    image = make_image(alice)
    actions.set_visibility(image, "public")
    assert (image.visibility, image.moderation, image.is_public) == ("public", "pending", False)
    entry = ModerationLog.objects.get()
    assert (entry.action, entry.actor, entry.image, entry.target_user) == ("submit", alice, image, alice)


def test_trusted_users_skip_the_queue(alice, make_image):
    alice.is_trusted = True
    alice.save()
    image = make_image(alice)
    actions.set_visibility(image, "public")
    assert image.is_public
    assert ModerationLog.objects.get().action == "auto_approve"


@pytest.mark.parametrize("state", ["rejected", "hidden"])
def test_trust_does_not_override_a_staff_decision(alice, make_image, state):
    alice.is_trusted = True
    alice.save()
    image = make_image(alice, state)
    actions.set_visibility(image, "private")
    actions.set_visibility(image, "public")
    assert image.moderation == "pending"


def test_unsharing_keeps_the_decision_and_reason(alice, staff, make_image):
    image = make_image(alice, "pending")
    actions.reject([image], staff, "Blurry")
    actions.set_visibility(image, "private")
    image.refresh_from_db()
    assert (image.moderation, image.moderation_reason) == ("rejected", "Blurry")


def test_reject_needs_a_reason(alice, staff, make_image):
    image = make_image(alice, "pending")
    with pytest.raises(CodedError) as caught:
        actions.reject([image], staff, "   ")
    assert caught.value.code == "reason_required"
    image.refresh_from_db()
    assert image.moderation == "pending" and not ModerationLog.objects.exists()


def test_every_decision_is_logged_with_who_what_why(alice, staff, make_image):
    one, two, three = (make_image(alice, "pending") for _ in range(3))
    actions.approve([one], staff)
    actions.reject(Image.objects.filter(pk=two.pk), staff, "Not allowed here")
    actions.hide([three], staff, "Spam")
    log = {(e.action, e.image_id, e.actor_id, e.reason) for e in ModerationLog.objects.all()}
    assert log == {("approve", one.pk, staff.pk, ""), ("reject", two.pk, staff.pk, "Not allowed here"),
                   ("hide", three.pk, staff.pk, "Spam")}
    assert all(e.created_at for e in ModerationLog.objects.all())


@override_settings(GALLERY_REPORTS_TO_REVIEW=2)
def test_reported_image_leaves_the_public_gallery_after_threshold(
        alice, bob, staff, django_user_model, make_image, anon_client, bob_client):
    image = make_image(alice, "approved")
    carol = django_user_model.objects.create_user("carol", password="x")
    assert str(image.pk) in public_ids(anon_client)

    response = bob_client.post(reverse("api-image-report", args=[image.pk]), {"reason": "rude"},
                               content_type="application/json")
    assert response.status_code == 201
    assert str(image.pk) in public_ids(anon_client)  # one report is below the threshold

    again = bob_client.post(reverse("api-image-report", args=[image.pk]), {"reason": "rude"},
                            content_type="application/json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_reported"
    assert str(image.pk) in public_ids(anon_client)  # the same user twice does not count

    actions.report(image, carol, "offensive")
    image.refresh_from_db()
    assert image.moderation == "pending"
    assert str(image.pk) not in public_ids(anon_client)
    assert anon_client.get(image.get_file_url()).status_code == 404
    assert ModerationLog.objects.filter(action="reported", image=image, actor=None).count() == 1

    # Staff keep it: the open reports are answered, one new report is not enough again.
    actions.approve([image], staff)
    dave = django_user_model.objects.create_user("dave", password="x")
    actions.report(image, dave, "meh")
    image.refresh_from_db()
    assert image.moderation == "approved"


def test_cannot_report_own_image(alice_client, alice, make_image):
    image = make_image(alice, "approved")
    response = alice_client.post(reverse("api-image-report", args=[image.pk]), {"reason": "x"},
                                 content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "own_image"


def test_report_needs_a_reason(bob_client, alice, make_image):
    image = make_image(alice, "approved")
    response = bob_client.post(reverse("api-image-report", args=[image.pk]), {"reason": ""},
                               content_type="application/json")
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]


def test_staff_page_lists_queue_reports_and_log(staff_client, alice, bob, staff, make_image):
    pending = make_image(alice, "pending", title="waiting one")
    reported = make_image(alice, "approved", title="reported one")
    actions.report(reported, bob, "looks wrong")
    actions.hide([make_image(alice, "approved")], staff, "spam wave")
    html = staff_client.get(reverse("editor:moderation")).content.decode()
    assert "waiting one" in html and str(pending.pk) in html
    assert "looks wrong" in html and "reported one" in html
    assert "spam wave" in html


def test_staff_decide_one_and_bulk(staff_client, alice, make_image):
    one, two, three = (make_image(alice, "pending") for _ in range(3))
    url = reverse("editor:moderation-decide")
    staff_client.post(url, {"one": f"reject:{one.pk}", f"reason-{one.pk}": "Too dark"})
    staff_client.post(url, {"action": "approve", "image": [str(two.pk), str(three.pk)]})
    states = {i.pk: (i.moderation, i.moderation_reason) for i in Image.objects.all()}
    assert states == {one.pk: ("rejected", "Too dark"), two.pk: ("approved", ""),
                      three.pk: ("approved", "")}


def test_staff_reject_without_reason_changes_nothing(staff_client, alice, make_image):
    image = make_image(alice, "pending")
    response = staff_client.post(reverse("editor:moderation-decide"),
                                 {"one": f"reject:{image.pk}"}, follow=True)
    image.refresh_from_db()
    assert image.moderation == "pending"
    assert "Give a reason" in response.content.decode()


@pytest.mark.parametrize("form", [{"one": "approve:not-a-uuid"}, {"action": "explode"},
                                  {"action": "approve", "image": ["zzz"]}])
def test_tampered_moderation_forms_are_harmless(staff_client, form):
    response = staff_client.post(reverse("editor:moderation-decide"), form)
    assert response.status_code == 302
    assert not ModerationLog.objects.exists()


def test_staff_can_ban_and_unban_generating(staff_client, staff, alice):
    url = reverse("editor:moderation-ban", args=[alice.pk])
    staff_client.post(url, {"banned": "1", "reason": "abuse"})
    alice.refresh_from_db()
    assert alice.generation_banned
    staff_client.post(url, {"banned": "0"})
    alice.refresh_from_db()
    assert not alice.generation_banned
    assert list(ModerationLog.objects.order_by("id").values_list("action", "target_user", "actor",
                                                                 "reason")) == [
        ("ban", alice.pk, staff.pk, "abuse"), ("unban", alice.pk, staff.pk, "")]


def test_admin_bulk_actions_use_the_same_rules(staff, alice, make_image, client):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    images = [make_image(alice, "pending") for _ in range(2)]
    response = client.post(reverse("admin:editor_image_changelist"), {
        "action": "reject_selected", "_selected_action": [str(i.pk) for i in images]})
    assert response.status_code == 302
    assert set(Image.objects.values_list("moderation", flat=True)) == {"rejected"}
    assert ModerationLog.objects.filter(action="reject", actor=staff).count() == 2
    assert all(i.moderation_reason for i in Image.objects.all())


def test_owner_sees_rejection_reason(alice_client, alice, staff, make_image):
    image = make_image(alice, "pending")
    actions.reject([image], staff, "Contains a watermark")
    for url in (reverse("editor:gallery-mine"), image.get_absolute_url()):
        assert "Contains a watermark" in alice_client.get(url).content.decode()
    assert alice_client.get(reverse("api-image", args=[image.pk])).json()["moderation_reason"] == \
        "Contains a watermark"


def test_rejected_prompts_appear_with_a_ban_button(staff_client, alice):
    from generation.models import RejectedPrompt

    RejectedPrompt.objects.create(user=alice, prompt="something forbidden", term="forbidden")
    html = staff_client.get(reverse("editor:moderation")).content.decode()
    assert "something forbidden" in html
    assert reverse("editor:moderation-ban", args=[alice.pk]) in html


def test_admin_image_list_and_search(staff, alice, make_image, client):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    image = make_image(alice, "pending", title="Findable")
    response = client.get(reverse("admin:editor_image_changelist"), {"q": "Findable"})
    assert response.status_code == 200 and str(image.pk) in response.content.decode()
    log = client.get(reverse("admin:editor_moderationlog_changelist"))
    assert log.status_code == 200
