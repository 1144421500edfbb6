"""A real S3-protocol server on loopback for the store tests: moto's server mode, in its own process.

moto answers the conditional ``If-None-Match: *`` put with 412 like Amazon S3, so the store's commit
runs here exactly as against a bucket: over HTTP, through obstore's S3 client, with every request a
separate network call. Each test gets a fresh bucket.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from indicators.store import ObstoreObjectStore

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"}
START_CEILING_SECONDS = 120.0


@dataclass(frozen=True)
class S3Bucket:
    """A bucket on the test server, with what a store, a child process or a dashboard needs to reach it."""

    endpoint: str
    name: str
    prefix: str = "store"

    @property
    def url(self) -> str:
        return f"s3://{self.name}/{self.prefix}"

    def objects(self) -> ObstoreObjectStore:
        """The store's object layer on this bucket, configured explicitly (no environment needed)."""
        from obstore.store import S3Store

        config = {
            "endpoint": self.endpoint,
            "access_key_id": CREDENTIALS["AWS_ACCESS_KEY_ID"],
            "secret_access_key": CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            "region": CREDENTIALS["AWS_REGION"],
        }
        store = S3Store(self.name, prefix=self.prefix, config=config, client_options={"allow_http": True})
        return ObstoreObjectStore(store, self.url)

    def env(self) -> dict[str, str]:
        """Environment variables that point the CLI or the dashboard at this bucket."""
        return {**CREDENTIALS, "INDICATORS_STORE": self.url, "INDICATORS_STORE_ENDPOINT": self.endpoint}


class S3Server:
    """``python -m moto.server`` on a free loopback port, until :meth:`stop`."""

    def __init__(self, log: Path):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.endpoint = f"http://127.0.0.1:{port}"
        self._log = open(log, "wb")  # closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **CREDENTIALS},
        )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_CEILING_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto.server exited with code {self.process.returncode}; see {self._log.name}")
            try:
                with urllib.request.urlopen(f"{self.endpoint}/moto-api/data.json", timeout=5):
                    return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"moto.server did not answer at {self.endpoint} within {START_CEILING_SECONDS:.0f} s")

    def new_bucket(self) -> S3Bucket:
        name = f"test-{uuid.uuid4().hex[:12]}"
        request = urllib.request.Request(f"{self.endpoint}/{name}", method="PUT")
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200, response.status
        return S3Bucket(self.endpoint, name)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()
