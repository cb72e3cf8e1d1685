"""A minimal IMAP4rev1 server for tests, run in-process on 127.0.0.1: enough of the protocol for imaplib's
LOGIN, SELECT, SEARCH UNSEEN, FETCH (RFC822), STORE +FLAGS (\\Seen) and LOGOUT. No external service needed.

    with FakeImapServer(user="desk", password="secret") as server:
        server.deliver(raw_bytes)
        poll_mailbox(server.mailbox())
"""

import re
import socketserver
import ssl
import threading
from dataclasses import dataclass, field

TOKEN = re.compile(rb'"((?:[^"\\]|\\.)*)"|(\S+)')


@dataclass
class StoredMessage:
    raw: bytes
    flags: set[str] = field(default_factory=set)


class FakeImapServer:
    """One INBOX of messages, one user; records the commands it received."""

    def __init__(self, *, user: str = "desk", password: str = "secret", folder: str = "INBOX",
                 tls: ssl.SSLContext | None = None):
        """`tls`: a server context to speak IMAP over TLS (port 993 style: TLS from the first byte)."""
        self.user, self.password, self.folder, self.tls = user, password, folder, tls
        self.messages: list[StoredMessage] = []
        self.commands: list[str] = []
        self.lock = threading.Lock()
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                server._serve(self.rfile, self.wfile)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

            def get_request(self):
                sock, address = super().get_request()
                return (tls.wrap_socket(sock, server_side=True) if tls else sock), address

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    def deliver(self, raw: bytes) -> None:
        with self.lock:
            self.messages.append(StoredMessage(raw))

    def mark_all_unseen(self) -> None:
        with self.lock:
            for message in self.messages:
                message.flags.discard("\\Seen")

    def unseen(self) -> int:
        return sum("\\Seen" not in message.flags for message in self.messages)

    def mailbox(self, **changes):
        from apps.service.intake.email_poll import Mailbox

        settings = {"host": "127.0.0.1", "port": self.port, "user": self.user, "password": self.password,
                    "use_ssl": self.tls is not None, "folder": self.folder}
        return Mailbox(**{**settings, **changes})

    # -- protocol ------------------------------------------------------------------------------------------------

    def _serve(self, rfile, wfile):
        def send(line: bytes) -> None:
            wfile.write(line + b"\r\n")

        send(b"* OK [CAPABILITY IMAP4rev1] fake IMAP server ready")
        logged_in = selected = False
        while True:
            line = rfile.readline()
            if not line:
                return
            parts = [m.group(1) if m.group(1) is not None else m.group(2) for m in TOKEN.finditer(line.strip())]
            if len(parts) < 2:
                send(b"* BAD missing command")
                continue
            tag, command, args = parts[0], parts[1].upper().decode(), parts[2:]
            self.commands.append(command)
            if command == "CAPABILITY":
                send(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN")
                send(tag + b" OK CAPABILITY completed")
            elif command == "NOOP":
                send(tag + b" OK NOOP completed")
            elif command == "LOGIN":
                user, password = (arg.replace(b'\\"', b'"').replace(b"\\\\", b"\\").decode() for arg in args[:2])
                logged_in = (user, password) == (self.user, self.password)
                send(tag + (b" OK LOGIN completed" if logged_in else b" NO [AUTHENTICATIONFAILED] invalid login"))
            elif command == "LOGOUT":
                send(b"* BYE logging out")
                send(tag + b" OK LOGOUT completed")
                return
            elif not logged_in:
                send(tag + b" BAD log in first")
            elif command == "SELECT":
                selected = args[:1] == [self.folder.encode()]
                if not selected:
                    send(tag + b" NO no such mailbox")
                    continue
                send(b"* %d EXISTS" % len(self.messages))
                send(b"* 0 RECENT")
                send(rb"* FLAGS (\Seen \Answered \Flagged \Deleted \Draft)")
                send(tag + b" OK [READ-WRITE] SELECT completed")
            elif not selected:
                send(tag + b" BAD select a mailbox first")
            elif command == "SEARCH" and [arg.upper() for arg in args] == [b"UNSEEN"]:
                with self.lock:
                    numbers = [str(i).encode() for i, m in enumerate(self.messages, 1) if "\\Seen" not in m.flags]
                send(b" ".join([b"* SEARCH", *numbers]))
                send(tag + b" OK SEARCH completed")
            elif command == "FETCH" and len(args) == 2 and args[1].upper() == b"(RFC822)":
                message = self._message(args[0])
                if message is None:
                    send(tag + b" NO no such message")
                    continue
                wfile.write(b"* %s FETCH (RFC822 {%d}\r\n" % (args[0], len(message.raw)) + message.raw + b")\r\n")
                send(tag + b" OK FETCH completed")
            elif command == "STORE" and len(args) == 3 and args[1].upper() == b"+FLAGS":
                message = self._message(args[0])
                if message is None:
                    send(tag + b" NO no such message")
                    continue
                message.flags.update(flag.decode() for flag in args[2].strip(b"()").split())
                send(b"* %s FETCH (FLAGS (%s))" % (args[0], " ".join(sorted(message.flags)).encode()))
                send(tag + b" OK STORE completed")
            else:
                send(tag + b" BAD unsupported command")

    def _message(self, number: bytes) -> StoredMessage | None:
        with self.lock:
            index = int(number) - 1 if number.isdigit() else -1
            return self.messages[index] if 0 <= index < len(self.messages) else None
