"""Seed the style presets the editor offers out of the box (staff edit them in the admin)."""

from django.db import migrations

STYLES = [
    # slug, English, Russian, template, negative
    ("none", "No style", "Без стиля", "{prompt}", ""),
    ("kandinsky", "Kandinsky", "Кандинский",
     "{prompt}, in the style of Wassily Kandinsky, abstract art, vivid colours, geometric shapes", ""),
    ("detailed-photo", "Detailed photo", "Детальное фото",
     "{prompt}, highly detailed photo, 4k, sharp focus, natural lighting, professional photography",
     "blurry, cartoon, drawing, lowres"),
    ("anime", "Anime", "Аниме", "{prompt}, anime style, detailed anime illustration, vibrant", "photo, realistic"),
    ("digital-art", "Digital art", "Цифровая живопись",
     "{prompt}, digital art, concept art, trending on artstation, highly detailed", ""),
    ("cyberpunk", "Cyberpunk", "Киберпанк",
     "{prompt}, cyberpunk, neon lights, futuristic city, high tech, night", ""),
    ("watercolour", "Watercolour", "Акварель",
     "{prompt}, watercolour painting, soft colours, paper texture, wet brush strokes", "photo"),
    ("pixel-art", "Pixel art", "Пиксель-арт", "{prompt}, pixel art, 16-bit, retro game sprite", "photo, blurry"),
    ("oil-painting", "Oil painting", "Масляная живопись",
     "{prompt}, oil painting on canvas, visible brush strokes, classical art", "photo"),
    ("3d-render", "3D render", "3D-рендер",
     "{prompt}, 3D render, octane render, soft studio lighting, high detail", ""),
    ("sketch", "Pencil sketch", "Карандашный набросок",
     "{prompt}, pencil sketch, graphite drawing, black and white, hatching", "colour"),
    ("aivazovsky", "Aivazovsky", "Айвазовский",
     "{prompt}, in the style of Ivan Aivazovsky, seascape, romantic oil painting", ""),
]


def seed(apps, schema_editor):
    StylePreset = apps.get_model("generation", "StylePreset")
    for ordering, (slug, en, ru, template, negative) in enumerate(STYLES):
        StylePreset.objects.update_or_create(slug=slug, defaults=dict(
            name_en=en, name_ru=ru, prompt_template=template, negative_prompt=negative,
            ordering=ordering * 10, active=True,
        ))


def unseed(apps, schema_editor):
    apps.get_model("generation", "StylePreset").objects.filter(slug__in=[s[0] for s in STYLES]).delete()


class Migration(migrations.Migration):
    dependencies = [("generation", "0002_styles_blocklist_dispatch")]
    operations = [migrations.RunPython(seed, unseed)]
