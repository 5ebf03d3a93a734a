"""A local HTTP server on 127.0.0.1 that plays the SMS gateway, the Telegram Bot API and the VK API in tests."""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Recorded:
    """One request the server received: path, headers, and the body as JSON or form fields."""

    path: str
    headers: dict[str, str]
    body: bytes
    json: Any = None
    form: dict[str, str] = field(default_factory=dict)


def _default_answer(path: str) -> tuple[int, Any]:
    if path.endswith("/sendMessage"):
        return 200, {"ok": True, "result": {"message_id": 17, "chat": {"id": 1}}}
    if path.endswith("/messages.send"):
        return 200, {"response": 4021}
    if path.endswith("/wall.createComment"):
        return 200, {"response": {"comment_id": 55}}
    return 202, {"id": "sms-1", "status": "accepted"}


class PlatformServer:
    """Records every request; `script(suffix, (status, payload), …)` queues answers for paths ending in `suffix`."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._scripts: dict[str, list[tuple[int, Any]]] = defaultdict(list)
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                recorded = Recorded(self.path, dict(self.headers.items()), body)
                content_type = self.headers.get("Content-Type", "")
                if "json" in content_type:
                    recorded.json = json.loads(body)
                elif "form" in content_type:
                    recorded.form = {key: values[0] for key, values in parse_qs(body.decode()).items()}
                owner.requests.append(recorded)
                status, payload = owner._answer(self.path)
                data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def script(self, suffix: str, *answers: tuple[int, Any]) -> None:
        self._scripts[suffix].extend(answers)

    def _answer(self, path: str) -> tuple[int, Any]:
        for suffix, answers in self._scripts.items():
            if path.endswith(suffix) and answers:
                return answers.pop(0)
        return _default_answer(path)

    def __enter__(self) -> PlatformServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
