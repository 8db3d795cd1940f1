"""A real ``tourlink serve --workers N`` process on 127.0.0.1 for the HTTP race tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.helpers import free_port


class Server:
    """``tourlink serve`` in its own process group, so a crash kills every worker."""

    def __init__(self, url: str, workers: int, log: Path) -> None:
        self.url = url
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 40.0) -> None:
        """Start and wait until ``/api/v1/products`` answers."""
        env = dict(os.environ)
        env.update(
            TOURLINK_DATABASE_URL=self.url,
            TOURLINK_ENVIRONMENT="test",
            TOURLINK_TICKET_SECRET="http-race-ticket-secret",
        )
        env.pop("TOURLINK_UNSAFE_NO_CAPACITY_GUARD", None)
        tourlink = str(Path(sys.executable).with_name("tourlink"))
        args = [
            tourlink,
            "serve",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                args, env=env, stdout=log, stderr=log, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if (
                    httpx.get(f"{self.base}/api/v1/products", timeout=2).status_code
                    < 500
                ):
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """``kill -9`` the server and all its workers (the process group)."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), then kill if it lingers."""
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None
