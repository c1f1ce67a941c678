"""One module per operation, each with plan(ctx, images) -> total steps and execute(ctx, images)."""
from . import fusion, inpaint, mix, outpaint, text2img, variation

OPERATIONS = {
    "text2img": text2img,
    "inpaint": inpaint,
    "outpaint": outpaint,
    "fusion": fusion,
    "mix": mix,
    "variation": variation,
}
