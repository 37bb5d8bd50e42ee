"""A small fake Kubernetes API server for the real `kubectl top node` (the oracle's tail tier).

It serves, on 127.0.0.1 only and on a free port, what `kubectl top node` reads: discovery
(`/api`, `/apis`, `/api/v1`, `/apis/metrics.k8s.io/v1beta1`), the node metrics
(`/apis/metrics.k8s.io/v1beta1/nodes[/NAME]`) and the nodes (`/api/v1/nodes[/NAME]`), as JSON;
anything else is a 404 Status. It is bounded: it stops by itself after `lifetime` seconds or
`max_requests` requests, whichever comes first, and `with FakeAPI(...)` stops it at the end of
the block.

    with FakeAPI(metrics=[...], nodes=[...]) as api:
        run(["kubectl", "top", "node", "--kubeconfig", api.kubeconfig(dir)])
    api.requests                    # [(path, status)] in the order served

`metrics` are NodeMetrics objects and `nodes` Node objects as the API server would write them
(dicts: quantities are strings, as Quantity.MarshalJSON writes them); `node_metrics` and
`node` build them.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

TIMESTAMP = "2026-01-01T00:00:00Z"
METRICS_GV = "metrics.k8s.io/v1beta1"


def node_metrics(name: str, usage: dict[str, str]) -> dict[str, Any]:
    """A metrics.k8s.io/v1beta1 NodeMetrics, as metrics-server serves it."""
    return {
        "kind": "NodeMetrics",
        "apiVersion": METRICS_GV,
        "metadata": {"name": name, "creationTimestamp": TIMESTAMP},
        "timestamp": TIMESTAMP,
        "window": "20s",
        "usage": usage,
    }


def node(
    name: str,
    capacity: dict[str, str],
    allocatable: dict[str, str],
    swap_capacity: int | None = None,
) -> dict[str, Any]:
    """A core/v1 Node with the status fields kubectl top node reads (NodeInfo.Swap from 1.32)."""
    info: dict[str, Any] = {"kubeletVersion": "v1.36.0"}
    if swap_capacity is not None:
        info["swap"] = {"capacity": swap_capacity}
    return {
        "kind": "Node",
        "apiVersion": "v1",
        "metadata": {"name": name},
        "status": {"capacity": capacity, "allocatable": allocatable, "nodeInfo": info},
    }


def _status(code: int, reason: str, message: str) -> dict[str, Any]:
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    }


class FakeAPI:
    """The server (started by `start` or `with`); see the module docstring."""

    def __init__(
        self,
        metrics: Sequence[dict[str, Any]],
        nodes: Sequence[dict[str, Any]],
        *,
        lifetime: float = 60.0,
        max_requests: int = 200,
    ) -> None:
        self.metrics = list(metrics)
        self.nodes = list(nodes)
        self.lifetime = lifetime
        self.max_requests = max_requests
        self.requests: list[tuple[str, int]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._timer: threading.Timer | None = None
        self._by_name = {m["metadata"]["name"]: m for m in self.metrics}
        self._nodes_by_name = {n["metadata"]["name"]: n for n in self.nodes}

    # ------------------------------------------------------------------ the routes

    def route(self, path: str) -> tuple[int, dict[str, Any]]:
        p = path.rstrip("/") or "/"
        host = f"127.0.0.1:{self.port}"
        if p == "/api":
            return 200, {
                "kind": "APIVersions",
                "versions": ["v1"],
                "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": host}],
            }
        if p == "/apis":
            gv = {"groupVersion": METRICS_GV, "version": "v1beta1"}
            return 200, {
                "kind": "APIGroupList",
                "apiVersion": "v1",
                "groups": [{"name": "metrics.k8s.io", "versions": [gv], "preferredVersion": gv}],
            }
        if p == "/api/v1":
            return 200, {
                "kind": "APIResourceList",
                "groupVersion": "v1",
                "resources": [
                    {"name": "nodes", "singularName": "node", "namespaced": False,
                     "kind": "Node", "verbs": ["get", "list"], "shortNames": ["no"]},
                ],
            }  # fmt: skip
        if p == f"/apis/{METRICS_GV}":
            return 200, {
                "kind": "APIResourceList",
                "apiVersion": "v1",
                "groupVersion": METRICS_GV,
                "resources": [
                    {"name": "nodes", "singularName": "", "namespaced": False,
                     "kind": "NodeMetrics", "verbs": ["get", "list"]},
                ],
            }  # fmt: skip
        if p == f"/apis/{METRICS_GV}/nodes":
            return 200, {
                "kind": "NodeMetricsList",
                "apiVersion": METRICS_GV,
                "metadata": {},
                "items": self.metrics,
            }
        if p.startswith(f"/apis/{METRICS_GV}/nodes/"):
            name = unquote(p.rsplit("/", 1)[1])
            m = self._by_name.get(name)
            if m is None:
                return 404, _status(
                    404, "NotFound", f'nodemetrics.metrics.k8s.io "{name}" not found'
                )
            return 200, m
        if p == "/api/v1/nodes":
            return 200, {
                "kind": "NodeList",
                "apiVersion": "v1",
                "metadata": {"resourceVersion": "1"},
                "items": self.nodes,
            }
        if p.startswith("/api/v1/nodes/"):
            name = unquote(p.rsplit("/", 1)[1])
            n = self._nodes_by_name.get(name)
            if n is None:
                return 404, _status(404, "NotFound", f'nodes "{name}" not found')
            return 200, n
        return 404, _status(404, "NotFound", "the server could not find the requested resource")

    # ------------------------------------------------------------------ the server

    @property
    def port(self) -> int:
        assert self._server is not None, "FakeAPI not started"
        return int(self._server.server_address[1])

    def start(self) -> FakeAPI:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                with api._lock:
                    if len(api.requests) >= api.max_requests:
                        code, body = 429, _status(429, "TooManyRequests", "request budget spent")
                    else:
                        code, body = api.route(path)
                    api.requests.append((path, code))
                    spent = len(api.requests) >= api.max_requests
                data = json.dumps(body, separators=(",", ":")).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                if spent:
                    threading.Thread(target=api.stop, daemon=True).start()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        self._timer = threading.Timer(self.lifetime, self.stop)
        self._timer.daemon = True
        self._timer.start()
        return self

    def stop(self) -> None:
        with self._lock:
            srv, self._server = self._server, None
        if self._timer is not None:
            self._timer.cancel()
        if srv is not None:
            srv.shutdown()
            srv.server_close()

    def __enter__(self) -> FakeAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def kubeconfig(self, directory: str | Path) -> Path:
        """A kubeconfig for this server (no credentials: the fake server checks none)."""
        path = Path(directory) / "kubeconfig"
        path.write_text(
            "apiVersion: v1\nkind: Config\n"
            f"clusters:\n- name: fake\n  cluster:\n    server: http://127.0.0.1:{self.port}\n"
            "contexts:\n- name: fake\n  context: {cluster: fake, user: fake}\n"
            "current-context: fake\nusers:\n- name: fake\n  user: {}\n"
        )
        return path
