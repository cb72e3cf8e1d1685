"""Group-robot webhooks against a local fake robot (http.server on 127.0.0.1, a free port)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from core.robots import announce_on_commit, send_robot_message, send_robot_messages


class FakeRobot:
    """A WeCom/DingTalk-like robot: records each JSON body and answers with `reply`."""

    def __init__(self, reply: dict | None = None, status: int = 200, delay: float = 0):
        self.received: list[dict] = []
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                if delay:
                    threading.Event().wait(delay)
                length = int(self.headers["Content-Length"])
                robot.received.append(json.loads(self.rfile.read(length)))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(reply or {"errcode": 0, "errmsg": "ok"}).encode())

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/cgi-bin/webhook/send?key=test"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def robot():
    fake = FakeRobot()
    yield fake
    fake.close()


def test_the_robot_gets_a_text_message_in_the_wecom_dingtalk_shape(robot):
    assert send_robot_message(robot.url, "重大投诉 T2026112500012") is True
    assert robot.received == [{"msgtype": "text", "text": {"content": "重大投诉 T2026112500012"}}]


def test_a_robot_answering_an_error_code_counts_as_not_sent():
    fake = FakeRobot(reply={"errcode": 93000, "errmsg": "invalid webhook url"})
    try:
        assert send_robot_message(fake.url, "hello") is False
        assert len(fake.received) == 1
    finally:
        fake.close()


def test_an_http_error_is_logged_not_raised():
    fake = FakeRobot(status=500)
    try:
        assert send_robot_message(fake.url, "hello") is False
    finally:
        fake.close()


def test_a_slow_robot_times_out_quickly():
    fake = FakeRobot(delay=1.0)
    try:
        assert send_robot_message(fake.url, "hello", timeout=0.2) is False
    finally:
        fake.close()


def test_nobody_listening_and_bad_urls_are_not_sent():
    assert send_robot_message("http://127.0.0.1:9/nothing", "hello", timeout=0.5) is False
    assert send_robot_message("file:///etc/passwd", "hello") is False


def test_several_robots_count_the_ones_that_accepted(robot):
    assert send_robot_messages([robot.url, "", "ftp://x"], "hi") == 1


@pytest.mark.django_db
def test_announce_waits_for_the_commit_then_posts(robot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        announce_on_commit([robot.url, ""], "重大投诉")
    assert robot.received == []
    for callback in callbacks:
        callback()
    assert robot.received == [{"msgtype": "text", "text": {"content": "重大投诉"}}]
