"""outpaint: the view window's RGBA crop, transparent where it hangs outside the picture.

The same fill as inpaint's RGBA form: edge-aware infill of the empty part first (so the seam
does not bleed), inpaint decoder, feathered composite with the known pixels kept exactly. Only
the validation differs (one RGBA window, see validation.py); extend.py plans the windows."""
from .inpaint import execute, plan  # noqa: F401
