"""The editor shows the server's translated message for a server error and keeps its own
wording only for its own codes (static/editor/ui/messages.js)."""

import json
import shutil
import subprocess

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node")

SCRIPT = """
globalThis.gettext = (text) => `[ru] ${text}`;
globalThis.interpolate = (text, args) => text.replace("%s", args[0]);
const { messageFor } = await import(process.argv[1]);
console.log(JSON.stringify([
  messageFor({ code: "invalid_steps", serverMessage: "Число шагов вне допустимого диапазона." }),
  messageFor({ code: "not_found", serverMessage: "Не найдено." }),
  messageFor({ code: "worker_lost", message: "Воркер остановился." }),  // a job's error
  messageFor({ code: "network_error" }),
  messageFor({ code: "empty_canvas" }),
  messageFor({ code: "no_such_code" }),
]));
"""


def test_server_messages_are_shown_and_client_codes_keep_their_own():
    module = settings.BASE_DIR / "static" / "editor" / "ui" / "messages.js"
    result = subprocess.run(["node", "--input-type=module", "-e", SCRIPT, str(module)],
                            capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(result.stdout) == [
        "Число шагов вне допустимого диапазона.",
        "Не найдено.",
        "Воркер остановился.",
        "[ru] The server cannot be reached. Check your connection and try again.",
        "[ru] The canvas is empty.",
        "[ru] Something went wrong (no_such_code).",
    ]
