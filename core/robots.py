"""Group-robot webhooks (WeCom 企业微信 / DingTalk 钉钉): one text message to a group chat.

Both accept the same body, {"msgtype": "text", "text": {"content": …}}. Call from `transaction.on_commit` so a
rolled-back change never announces itself; a failing robot is logged, never raised, so it cannot break the work.
"""

import json
import logging
import urllib.error
import urllib.request

from django.db import transaction
from django_tasks import task

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 3


def send_robot_message(url: str, text: str, *, timeout: float = TIMEOUT_SECONDS) -> bool:
    """Post `text` to a group robot; True when it answered 2xx with no error code in its JSON reply."""
    if not url.startswith(("https://", "http://")):
        log.warning("Robot webhook URL %r is not http(s); message not sent", url)
        return False
    body = json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            reply = response.read(4096)
    except (urllib.error.URLError, OSError, ValueError):
        log.exception("Robot webhook %s failed", url)
        return False
    try:
        code = json.loads(reply or b"{}").get("errcode", 0)
    except (ValueError, AttributeError):
        code = 0
    if code:
        log.warning("Robot webhook %s answered errcode %s", url, code)
    return not code


def send_robot_messages(urls, text: str) -> int:
    """Post `text` to each robot; returns how many accepted it."""
    return sum(send_robot_message(url, text) for url in urls if url)


@task()
def post_to_robots(urls: list[str], text: str) -> int:
    """Background task: post `text` to each robot (the worker waits on slow robots, not the web request)."""
    return send_robot_messages(urls, text)


def announce_on_commit(urls, text: str) -> None:
    """After the surrounding transaction commits, have the robots told in the background."""
    urls = [url for url in urls if url]
    if urls:
        transaction.on_commit(lambda: post_to_robots.enqueue(urls, text))
