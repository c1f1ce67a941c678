"""The Content-Security-Policy header, on every response (pages, API, files, static).

Everything the product loads is its own: scripts and styles come from /static/ (no inline
script or style in the templates), pictures also as data: URLs (socket previews) and blob:
URLs (the editor's canvases), sockets and fetches go to the same origin. So an injected
<script> or style, or a page framing the site, does nothing.
"""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(f"{name} {' '.join(sources)}"
                                for name, sources in settings.CONTENT_SECURITY_POLICY.items())

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
