"""Daphne's requests are Twisted requests, and Twisted parses every multipart POST body into
`request.args` (which daphne never reads) before the request reaches Django. A body its parser
refuses — an empty multipart (`--boundary--`) — got a bare 400 without the API's JSON envelope,
and every upload was parsed twice in memory. Django parses the body; Twisted need not."""


def leave_bodies_to_django():
    try:
        from daphne.http_protocol import WebRequest
    except ImportError:  # not served by daphne (tests, runserver): nothing to change
        return
    if getattr(WebRequest, "_bodies_left_to_django", False):
        return
    original = WebRequest.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self._parsePOSTFormSubmission = False  # twisted.web.http.Request's switch for that parsing

    WebRequest.__init__ = __init__
    WebRequest._bodies_left_to_django = True
