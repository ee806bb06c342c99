"""A fake Alibaba.com Open Platform on 127.0.0.1 for the tests.

It speaks the path-style protocol of alibaba-open-platform.md §1.1 (POST `/rest/<path>`, form or
multipart, HMAC-SHA256 over path + sorted parameters), checks every signature, the 13-digit
timestamp, the app key and the token, serves category rules shaped as `schema.get` answers them
(two categories of its own, the XML files beside this module, and the reference schemas of
tests/publish/data under their category ids), takes photobank uploads (JPEG only, answered as
§1.2 says: `file_id` and `photobank_url`) and drafts and products whose itemSchema must fill the
rules it served for their `cat_id` (checks.py: field shapes, options, required fields, the price
setting, SKUs, and images by the fileId and URL of a photobank picture it issued).

Faults are queued per API path, each used by one request in order:
`429` (with Retry-After: 0), `500`, `limit` (ApiCallLimit), `timeout` (no answer before the
client gives up, nothing done), `lost` (the write is carried out, then no answer in time),
`bad_signature` (the platform's answer to a bad signature), `refuse` (a business error).
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import hmac
import itertools
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from lxml import etree

from tests.publish.fake_platform.checks import check_item

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent / "data"
TSHIRTS, HIJABS = "100001", "100002"
# The reference schemas the document tests read, under the category ids they were written for.
REFERENCE_SCHEMAS = {"100002851": "schema_tote_bags.xml", "127734135": "schema_womens_tshirts.xml"}
APP_KEY = "501234"
APP_SECRET = "s3cr3t-APP-SECRET-4242"
ACCESS_TOKEN = "tok-ACCESS-TOKEN-9999"
REFRESH_TOKEN = "ref-REFRESH-TOKEN-7777"
GOOD_CODE = "code-0000"

SCHEMA_GET = "/alibaba/icbu/product/schema/get"
DRAFT = "/icbu/product/schema/add/draft"
ADD = "/icbu/product/schema/add"
UPDATE = "/icbu/product/schema/update"
PHOTOBANK = "/alibaba/icbu/photobank/upload"
TOKEN_CREATE = "/auth/token/create"
TOKEN_REFRESH = "/auth/token/refresh"


def schema_xml(category_id: str) -> str:
    if category_id in REFERENCE_SCHEMAS:
        return (REFERENCE / REFERENCE_SCHEMAS[category_id]).read_text(encoding="utf-8")
    return (HERE / f"category_{category_id}.xml").read_text(encoding="utf-8")


def sign(secret: str, params: dict[str, str], prefix: str) -> str:
    """Written apart from the client's, from the protocol's description."""
    base = prefix
    for name in sorted(params):
        if name != "sign":
            base += name + params[name]
    return hmac.new(secret.encode(), base.encode(), hashlib.sha256).hexdigest().upper()


@dataclass
class Created:
    id: str
    path: str
    category_id: str
    title: str
    xml: str
    image_ids: list[str]
    product_id: str = ""


@dataclass
class FakePlatform:
    url: str = ""
    schemas: dict[str, str] = field(
        default_factory=lambda: {
            cid: schema_xml(cid) for cid in (TSHIRTS, HIJABS, *REFERENCE_SCHEMAS)
        }
    )
    faults: dict[str, list[str]] = field(default_factory=dict)
    slow_s: float = 1.5  # how long `timeout` and `lost` keep the client waiting
    access_token: str = ACCESS_TOKEN
    refuse_titles: tuple[str, ...] = ()  # a draft whose title holds one of these is refused
    write_delay_s: float = 0.0  # each write waits this long before it is carried out
    requests: Counter[str] = field(default_factory=Counter)
    bad_requests: list[str] = field(default_factory=list)  # what the checks refused, and why
    uploads: dict[str, str] = field(default_factory=dict)  # sha256 -> file id
    photobank_urls: dict[str, str] = field(default_factory=dict)  # file id -> its URL
    upload_calls: int = 0
    created: list[Created] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)  # every request body, to look for secrets
    in_flight: int = 0
    max_in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(7_000_001))

    def fault(self, path: str, *kinds: str) -> None:
        self.faults.setdefault(path, []).extend(kinds)

    def drafts(self) -> list[Created]:
        return [item for item in self.created if item.path == DRAFT]

    def next_id(self) -> str:
        with self._lock:
            return str(next(self._ids))


def _parse(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, bytes]]:
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        params: dict[str, str] = {}
        files: dict[str, bytes] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename():
                files[str(name)] = payload
            else:
                params[str(name)] = payload.decode("utf-8")
        return params, files
    return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True)), {}


def _handler(platform: FakePlatform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            del format, args

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(length)
            path = self.path.removeprefix("/rest")
            with platform._lock:
                platform.bodies.append(body)
                platform.requests[path] += 1
                queue = platform.faults.get(path, [])
                fault = queue.pop(0) if queue else ""
                platform.in_flight += 1
                platform.max_in_flight = max(platform.max_in_flight, platform.in_flight)
            try:
                self._serve(path, body, fault)
            finally:
                with platform._lock:
                    platform.in_flight -= 1

        def _serve(self, path: str, body: bytes, fault: str) -> None:
            if fault in ("429", "500"):
                self._send(int(fault), {"code": "ServiceError"}, retry_after=fault == "429")
                return
            if fault == "timeout":
                time.sleep(platform.slow_s)
                self._send(500, {})
                return
            if fault == "limit":
                self._json({"code": "ApiCallLimit", "message": "too many calls"})
                return
            if fault == "bad_signature":
                self._json(
                    {
                        "code": "IncompleteSignature",
                        "message": "The request signature does not conform to platform standards",
                        "request_id": "0b1",
                    }
                )
                return
            params, files = _parse(self.headers.get("content-type", ""), body)
            problem = self._check(path, params)
            if problem:
                platform.bad_requests.append(f"{path}: {problem}")
                code = problem.split(":")[0]
                self._json({"code": code, "message": problem, "request_id": "0b2"})
                return
            if fault == "refuse" and path == PHOTOBANK:
                self._json({"code": "SIZE_TOO_LARGE", "message": "the picture is over 5 MB"})
                return
            if fault == "refuse":
                self._json(
                    {
                        "code": "0",
                        "result": {
                            "success": False,
                            "msg_code": "CHK_STEP_CATEGORY_QUALITY_MINSIZE_ERROR",
                            "message_info": "MOQ below the category minimum",
                        },
                    }
                )
                return
            if platform.write_delay_s and path in (DRAFT, ADD, UPDATE):
                time.sleep(platform.write_delay_s)
            answer = self._answer(path, params, files)
            if fault == "lost":
                time.sleep(platform.slow_s)
            self._json(answer)

        def _check(self, path: str, params: dict[str, str]) -> str:
            if params.get("app_key") != APP_KEY:
                return "InvalidAppKey: unknown app key"
            if params.get("sign_method") != "sha256":
                return "InvalidParameter: sign_method"
            stamp = params.get("timestamp", "")
            if not (stamp.isdigit() and len(stamp) == 13):
                return "InvalidParameter: timestamp must be epoch milliseconds"
            if abs(int(stamp) / 1000 - time.time()) > 600:
                return "InvalidParameter: timestamp out of range"
            if not hmac.compare_digest(params.get("sign", ""), sign(APP_SECRET, params, path)):
                return "IncompleteSignature: the signature does not match"
            needs_token = path not in (TOKEN_CREATE, TOKEN_REFRESH)
            if needs_token and params.get("access_token") != platform.access_token:
                return "IllegalAccessToken: the token is not valid"
            if any(value == "" for value in params.values()):
                return "InvalidParameter: empty parameter sent"
            return ""

        def _answer(
            self, path: str, params: dict[str, str], files: dict[str, bytes]
        ) -> dict[str, Any]:
            if path == SCHEMA_GET:
                rules = platform.schemas.get(params.get("cat_id", ""))
                if rules is None:
                    return _refused("PUB_BIZCHECK_CAT_ID_NOTEXIST", "category does not exist")
                return {"code": "0", "result": {"success": True, "data": rules}}
            if path == PHOTOBANK:
                image = files.get("image_bytes", b"")
                if not image.startswith(b"\xff\xd8") or not params.get("file_name"):
                    return {"code": "-2", "message": "Upload Image Error"}
                sha = hashlib.sha256(image).hexdigest()
                with platform._lock:
                    platform.upload_calls += 1
                file_id = platform.uploads.get(sha) or platform.next_id()
                url = f"//sc04.alicdn.com/kf/H{sha[:20]}.jpg"
                with platform._lock:
                    platform.uploads[sha] = file_id
                    platform.photobank_urls[file_id] = url
                # §1.2: the answer of the Go model, no `code` (a success on either envelope).
                return {
                    "alibaba_icbu_photobank_upload_response": {
                        "upload_image_response": {
                            "file_id": file_id,
                            "photobank_url": url,
                            "file_name": params["file_name"],
                        },
                        "request_id": "0b3",
                    }
                }
            if path in (DRAFT, ADD, UPDATE):
                return self._write(path, params)
            if path in (TOKEN_CREATE, TOKEN_REFRESH):
                given = params.get("code") if path == TOKEN_CREATE else params.get("refresh_token")
                if given not in (GOOD_CODE, REFRESH_TOKEN):
                    return {"code": "InvalidCode", "message": "the code is not valid"}
                return {
                    "code": "0",
                    "access_token": platform.access_token,
                    "refresh_token": REFRESH_TOKEN,
                    "expires_in": 2_592_000,
                    "refresh_expires_in": 5_184_000,
                    "account": "seller@example.com",
                }
            return {"code": "InvalidApiPath", "message": f"no API at {path}"}

        def _write(self, path: str, params: dict[str, str]) -> dict[str, Any]:
            try:
                request = json.loads(params["param_product_top_publish_request"])
                root = etree.fromstring(request["xml"].encode("utf-8"))
            except (KeyError, ValueError, etree.XMLSyntaxError) as exc:
                platform.bad_requests.append(f"{path}: {exc}")
                return {"code": "MissingParameter", "message": f"bad request: {exc}"}
            if root.tag != "itemSchema":
                return _refused("PUB_BIZCHECK_SCHEMA_ERROR", "not an itemSchema")
            category = str(request.get("cat_id", ""))
            if category not in platform.schemas:
                return _refused("PUB_BIZCHECK_CAT_ID_NOTEXIST", "category does not exist")
            if request.get("language") != "en_US":
                return _refused("MissingParameter", "language")
            image_ids = [
                value.get("fileId", "") for value in root.iter("value") if value.get("fileId")
            ]
            with platform._lock:
                photobank = dict(platform.photobank_urls)
            problems = check_item(request["xml"], platform.schemas[category], photobank)
            if problems:
                platform.bad_requests.extend(f"{path}: {problem}" for problem in problems)
                code, _, message = problems[0].partition(": ")
                return _refused(code, message)
            title = "".join(root.xpath("//field[@id='productTitle']/value/text()"))
            if any(word in title for word in platform.refuse_titles):
                return _refused("CHK_BASIC_MAX_LENGTH", "the title is too long")
            if path == UPDATE and not request.get("product_id"):
                return _refused("MissingParameter", "product_id")
            created = Created(
                request.get("product_id") or platform.next_id(),
                path,
                category,
                title,
                request["xml"],
                image_ids,
            )
            with platform._lock:
                platform.created.append(created)
            return {"code": "0", "result": {"success": True, "product_id": created.id}}

        def _send(self, status: int, payload: dict[str, Any], retry_after: bool = False) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if retry_after:
                    self.send_header("Retry-After", "0")
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting

        def _json(self, payload: dict[str, Any]) -> None:
            self._send(200, payload)

    return Handler


def _refused(code: str, message: str) -> dict[str, Any]:
    return {"code": "0", "result": {"success": False, "msg_code": code, "message_info": message}}


@contextmanager
def fake_platform() -> Iterator[FakePlatform]:
    platform = FakePlatform()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(platform))
    httpd.daemon_threads = True
    platform.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield platform
    finally:
        httpd.shutdown()
        httpd.server_close()
