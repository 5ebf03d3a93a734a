"""A real IMAP server for the mailbox tests and the bench: Debian's Dovecot on loopback, with a Maildir to fill."""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

DOVECOT = os.environ.get("OTKLIK_DOVECOT", "/usr/sbin/dovecot")
USER = "inbox@mail.test"
PASSWORD = "dovecot-test-password"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Dovecot:
    """One Dovecot master in the foreground (`-F`), as the current user; as root, as `nobody` (Dovecot refuses
    to serve mail as uid 0 and to run its login process as root)."""

    def __init__(self, root: Path) -> None:
        self.port = _free_port()
        self.as_root = os.getuid() == 0
        if self.as_root:  # pytest's tmp_path of root is not open to nobody: a private directory of nobody's own
            root = Path(tempfile.mkdtemp(prefix="otklik-dovecot-"))
        self.root = root
        self.maildir = root / "Maildir"
        for sub in ("new", "cur", "tmp"):
            (self.maildir / sub).mkdir(parents=True, exist_ok=True)
        (root / "run").mkdir(exist_ok=True)
        account = pwd.getpwnam("nobody") if self.as_root else pwd.getpwuid(os.getuid())
        self.uid, self.gid = account.pw_uid, account.pw_gid
        (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        self.config = root / "dovecot.conf"
        self.config.write_text(self._config(account.pw_name))
        if self.as_root:
            for path in [root, *root.rglob("*")]:
                os.chown(path, self.uid, self.gid)
        self.process: subprocess.Popen[bytes] | None = None
        self._counter = 0

    def _config(self, user: str) -> str:
        root = self.root
        return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/run/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {user}
default_internal_group = {grp.getgrgid(self.gid).gr_name}
default_login_user = {user}
first_valid_uid = 1
mail_location = maildir:{self.maildir}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={self.uid} gid={self.gid} home={root}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""

    def start(self) -> None:
        command = [DOVECOT, "-F", "-c", str(self.config)]
        if self.as_root:
            command = ["setpriv", f"--reuid={self.uid}", f"--regid={self.gid}", "--clear-groups", *command]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                    if connection.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"Dovecot did not start on 127.0.0.1:{self.port}: {self.log()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.as_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def deliver(self, raw: bytes | str) -> Path:
        """Put one RFC 5322 message into the Maildir, as a local delivery agent would (tmp/, then new/)."""
        data = raw.encode() if isinstance(raw, str) else raw
        self._counter += 1
        name = f"{int(time.time())}.M{self._counter}P{os.getpid()}.{uuid.uuid4().hex[:8]}.otklik"
        temporary = self.maildir / "tmp" / name
        temporary.write_bytes(data)
        if self.as_root:
            os.chown(temporary, self.uid, self.gid)
        final = self.maildir / "new" / name
        temporary.rename(final)
        return final


@pytest.fixture(name="dovecot")
def dovecot_fixture(tmp_path: Path) -> Iterator[Dovecot]:
    """A Dovecot on a free loopback port with an empty Maildir; stopped after the test."""
    if not Path(DOVECOT).exists():
        pytest.fail(f"{DOVECOT} is missing: `make dovecot` installs Debian's dovecot-imapd")
    server = Dovecot(tmp_path / "dovecot")
    server.start()
    try:
        yield server
    finally:
        server.stop()
