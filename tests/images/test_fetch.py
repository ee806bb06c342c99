"""Downloads: real HTTP to a server on 127.0.0.1; every limit holds, a bad server never stalls."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from catalog_migrate.images.fetch import Downloader, FetchSettings
from tests.images import pictures
from tests.images.image_server import ImageServer, image_server


@pytest.fixture
def server() -> Iterator[ImageServer]:
    with image_server() as running:
        yield running


def _downloader(**settings: object) -> Downloader:
    base: dict[str, object] = {"timeout_s": 2.0, "backoff_s": 0.01, "retries": 3}
    return Downloader(FetchSettings(**{**base, **settings}))  # type: ignore[arg-type]


def test_an_image_is_downloaded(server: ImageServer) -> None:
    body = pictures.jpeg(700, 700)
    url = server.add("/a.jpg", body)
    fetched = _downloader().fetch(url)
    assert (fetched.body, fetched.problem) == (body, "")


def test_a_500_is_retried_with_backoff_until_it_succeeds(server: ImageServer) -> None:
    body = pictures.jpeg(700, 700)
    url = server.add("/flaky.jpg", body, fail_first=2)
    waits: list[float] = []
    fetched = _downloader(sleep=waits.append).fetch(url)
    assert fetched.body == body
    assert server.requests["/flaky.jpg"] == 3
    assert waits == [0.01, 0.02]


def test_a_429_waits_as_long_as_retry_after_asks_up_to_a_cap(server: ImageServer) -> None:
    body = pictures.jpeg(10, 10)
    polite = server.add("/polite.jpg", body, fail_first=1, fail_status=429, retry_after="2")
    greedy = server.add("/greedy.jpg", body, fail_first=1, fail_status=429, retry_after="3600")
    waits: list[float] = []
    downloader = _downloader(sleep=waits.append)
    assert downloader.fetch(polite).body == body
    assert downloader.fetch(greedy).body == body
    assert waits == [2.0, 10.0]


def test_a_server_that_keeps_failing_is_unreachable_after_the_last_attempt(
    server: ImageServer,
) -> None:
    url = server.add("/down.jpg", b"", fail_first=10)
    fetched = _downloader(sleep=lambda s: None).fetch(url)
    assert (fetched.body, fetched.problem) == (None, "answered HTTP 500 (3 attempts)")
    assert server.requests["/down.jpg"] == 3


def test_a_404_is_not_retried(server: ImageServer) -> None:
    fetched = _downloader().fetch(server.url + "/gone.jpg")
    assert (fetched.body, fetched.problem) == (None, "answered HTTP 404")
    assert server.requests["/gone.jpg"] == 1


def test_a_slow_server_is_given_up_on_after_the_timeout(server: ImageServer) -> None:
    url = server.add("/slow.jpg", pictures.jpeg(10, 10), delay_s=1.5)
    started = time.monotonic()
    fetched = _downloader(timeout_s=0.3).fetch(url)
    assert time.monotonic() - started < 1.2
    assert fetched.problem == "did not answer within 0.3 s ([images] timeout_s)"
    assert server.requests["/slow.jpg"] == 1  # a timeout is not retried


def test_a_server_that_trickles_bytes_is_given_up_on_at_the_deadline(server: ImageServer) -> None:
    url = server.add("/trickle.jpg", pictures.jpeg(300, 300), trickle_s=0.2)
    started = time.monotonic()
    fetched = _downloader(timeout_s=0.5).fetch(url)
    assert time.monotonic() - started < 1.0  # each piece came in time; the whole did not
    assert fetched.problem == "did not answer within 0.5 s ([images] timeout_s)"


def test_a_download_above_the_byte_limit_is_refused(server: ImageServer) -> None:
    url = server.add("/huge.jpg", b"\xff" * 50_000)
    fetched = _downloader(max_bytes=10_000).fetch(url)
    assert (fetched.body, fetched.too_large) == (None, True)
    assert fetched.problem == "is larger than 10,000 bytes ([images] max_bytes)"


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://127.0.0.1/a.jpg", "data:image/png;base64,AAAA", "//x/a.jpg"],
)
def test_only_http_addresses_are_fetched(url: str) -> None:
    fetched = _downloader().fetch(url)
    assert (fetched.body, fetched.problem) == (None, "not an http(s) address")


def test_redirects_are_followed_but_limited(server: ImageServer) -> None:
    body = pictures.jpeg(700, 700)
    server.add("/final.jpg", body)
    server.add("/hop1", location="/final.jpg")
    assert _downloader().fetch(server.url + "/hop1").body == body
    server.add("/loop", location="/loop")
    fetched = _downloader(max_redirects=2).fetch(server.url + "/loop")
    assert fetched.problem == "redirected more than 2 times"
    server.add("/to-file", location="file:///etc/passwd")
    fetched = _downloader().fetch(server.url + "/to-file")
    assert fetched.problem == "redirected to an address that is not http(s)"


def test_at_most_per_host_downloads_run_against_one_host(server: ImageServer) -> None:
    urls = [server.add(f"/p{n}.jpg", b"x", delay_s=0.2) for n in range(6)]
    downloader = _downloader(per_host=2)
    threads = [threading.Thread(target=downloader.fetch, args=(url,)) for url in urls]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # 6 requests, 2 at a time, 0.2 s each: at least 3 rounds.
    assert time.monotonic() - started >= 0.55
    assert server.total_requests == 6
