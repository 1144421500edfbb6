"""A viewer at the protocol level: one Streamlit websocket session, without a browser.

It does what the browser's first request does: connect to ``/_stcore/stream``, send the rerun
``BackMsg`` with the page and the query string, then read ``ForwardMsg``s until the script has
finished. Real browsers on a 2-core machine measure the browsers; this measures the server.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect
from websockets.typing import Subprotocol


class ScriptError(RuntimeError):
    """The page's script did not compile, or the server sent something that is not a ForwardMsg."""


@dataclass
class PageView:
    """What one viewer received for one page run."""

    seconds: float
    texts: list[str] = field(default_factory=list)  # markdown, captions, alerts and titles, in order
    elements: int = 0
    exception: str = ""


def _element_text(element) -> str:
    kind = element.WhichOneof("type")
    if kind in ("markdown", "alert", "heading"):
        return getattr(element, kind).body
    if kind == "exception":
        return f"{element.exception.type}: {element.exception.message}"
    return ""


class Session:
    """One viewer's websocket session; connected on creation, closed by :meth:`close` (or ``with``)."""

    def __init__(self, base_url: str, timeout: float = 300.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        stream = self.base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self._connection = ExitStack()
        self._socket = self._connection.enter_context(
            connect(  # no keepalive pings: a busy server answers them late, as browsers allow
                stream,
                subprotocols=[Subprotocol("streamlit")],
                open_timeout=timeout,
                max_size=None,
                ping_interval=None,
            )
        )

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._connection.close()

    def run(self, page: str = "", query: str = "") -> PageView:
        """Run ``page`` (its url path, "" for the default page) and wait for "script finished".

        ``timeout`` is a ceiling, not a wait: the call returns as soon as the server says the run is over.
        """
        rerun = BackMsg()
        rerun.rerun_script.query_string = query
        rerun.rerun_script.page_name = page
        start = time.perf_counter()
        view = PageView(seconds=0.0)
        self._socket.send(rerun.SerializeToString())
        deadline = time.monotonic() + self.timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{self.base_url}/{page}: the script did not finish within {self.timeout:.0f} s")
            data = self._socket.recv(timeout=remaining)
            if isinstance(data, str):
                raise ScriptError(f"{self.base_url}/{page}: the server sent text instead of a ForwardMsg")
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                view.elements += 1
                text = _element_text(message.delta.new_element)
                if text:
                    view.texts.append(text)
                if message.delta.new_element.WhichOneof("type") == "exception":
                    view.exception = text
            elif kind == "script_finished":
                status = message.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the page asked for a rerun (st.rerun): the next run follows on this session
                view.seconds = time.perf_counter() - start
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise ScriptError(f"{self.base_url}/{page}: the script did not compile")
                return view


def open_page(base_url: str, page: str = "", query: str = "", timeout: float = 300.0) -> PageView:
    """A new viewer opens ``page`` once; the session is closed when the run has finished."""
    with Session(base_url, timeout) as session:
        return session.run(page, query)
