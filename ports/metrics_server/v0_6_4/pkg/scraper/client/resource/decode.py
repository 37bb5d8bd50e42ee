"""sigs.k8s.io/metrics-server@v0.6.4 pkg/scraper/client/resource/decode.go: kubelet's
/metrics/resource exposition -> one MetricsBatch."""

from __future__ import annotations

from typing import Any

from ports.go import fmt, io, time
from ports.go.builtin import int64, int_from_float64, uint64_from_float64
from ports.metrics_server.v0_6_4.pkg.storage.types import (
    MetricsBatch,
    MetricsPoint,
    PodMetricsPoint,
)
from ports.prometheus.v2_5_0.pkg import textparse, timestamp
from ports.provenance import formula, upstream

REF = "kubernetes-sigs/metrics-server@v0.6.4 pkg/scraper/client/resource/decode.go"

nodeCpuUsageMetricName = b"node_cpu_usage_seconds_total"
nodeMemUsageMetricName = b"node_memory_working_set_bytes"
containerCpuUsageMetricName = b"container_cpu_usage_seconds_total"
containerMemUsageMetricName = b"container_memory_working_set_bytes"
containerStartTimeMetricName = b"container_start_time_seconds"

Pods = dict[tuple[str, str], PodMetricsPoint]


class DecodeMixin:
    def new_parser(self, b: bytes) -> tuple[Any, Any]:
        # parser := textparse.New(b, "")  (L45)
        return textparse.New(b, ""), None

    @upstream(f"{REF}:38-107")
    def decodeBatch(self, b: bytes, defaultTime: int, nodeName: str) -> tuple[Any, Any]:
        res = MetricsBatch()
        node: MetricsPoint | None = MetricsPoint()
        pods: Pods = {}
        parser, err = self.new_parser(b)
        if err is not None:
            return None, fmt.Errorf("failed to initialize Prometheus parser: %w", err)
        defaultTimestamp = timestamp.FromTime(defaultTime)
        while True:
            et, err = parser.Next()
            if err is not None:
                if err is io.EOF:
                    break
                return None, fmt.Errorf("failed parsing metrics: %w", err)
            if et != textparse.EntrySeries:
                continue
            timeseries, maybeTimestamp, value = parser.Series()
            if maybeTimestamp is None:
                maybeTimestamp = defaultTimestamp
            assert node is not None
            if self.timeseriesMatchesName(timeseries, nodeCpuUsageMetricName):
                self.parseNodeCpuUsageMetrics(maybeTimestamp, value, node)
            elif self.timeseriesMatchesName(timeseries, nodeMemUsageMetricName):
                self.parseNodeMemUsageMetrics(maybeTimestamp, value, node)
            elif self.timeseriesMatchesName(timeseries, containerCpuUsageMetricName):
                nn, cn = self.parseContainerLabels(timeseries[len(containerCpuUsageMetricName) :])
                self.parseContainerCpuMetrics(nn, cn, maybeTimestamp, value, pods)
            elif self.timeseriesMatchesName(timeseries, containerMemUsageMetricName):
                nn, cn = self.parseContainerLabels(timeseries[len(containerMemUsageMetricName) :])
                self.parseContainerMemMetrics(nn, cn, maybeTimestamp, value, pods)
            elif self.timeseriesMatchesName(timeseries, containerStartTimeMetricName):
                nn, cn = self.parseContainerLabels(timeseries[len(containerStartTimeMetricName) :])
                self.parseContainerStartTimeMetrics(nn, cn, maybeTimestamp, value, pods)
        assert node is not None
        if time.IsZero(node.Timestamp) or node.CumulativeCpuUsed == 0 or node.MemoryUsage == 0:
            # klog.V(1).InfoS("Failed getting complete node metric", "node", nodeName, "metric", node)
            node = None
        else:
            res.Nodes[nodeName] = node
        for podRef, podMetric in pods.items():
            if podMetric.Containers:
                containers = self.checkContainerMetrics(podMetric)
                if containers is not None:
                    res.Pods[podRef] = PodMetricsPoint(containers)
        return res, None

    @upstream(f"{REF}:109-111")
    def timeseriesMatchesName(self, ts: bytes, name: bytes) -> bool:
        return ts.startswith(name) and (len(ts) == len(name) or ts[len(name)] == ord("{"))

    @upstream(f"{REF}:113-118")
    def parseNodeCpuUsageMetrics(self, timestamp: int, value: float, node: MetricsPoint) -> None:
        node.CumulativeCpuUsed = uint64_from_float64(value * 1e9)
        node.Timestamp = time.Unix(0, int64(timestamp * 1000000))

    @upstream(f"{REF}:120-124")
    @formula(
        "MetricsPoint.MemoryUsage",
        "uint64(node_memory_working_set_bytes) of the last scrape{dropped}",
    )
    def parseNodeMemUsageMetrics(self, timestamp: int, value: float, node: MetricsPoint) -> None:
        node.MemoryUsage = uint64_from_float64(value)
        node.Timestamp = time.Unix(0, int64(timestamp * 1000000))

    def _container(self, nn: tuple[str, str], cn: str, pods: Pods) -> MetricsPoint:
        if nn not in pods:
            pods[nn] = PodMetricsPoint({})
        containers = pods[nn].Containers
        assert containers is not None
        if cn not in containers:
            containers[cn] = MetricsPoint()
        return containers[cn]

    @upstream(f"{REF}:126-139")
    def parseContainerCpuMetrics(
        self, nn: tuple[str, str], cn: str, timestamp: int, value: float, pods: Pods
    ) -> None:
        m = self._container(nn, cn, pods)
        m.CumulativeCpuUsed = uint64_from_float64(value * 1e9)
        m.Timestamp = time.Unix(0, int64(timestamp * 1000000))

    @upstream(f"{REF}:141-153")
    def parseContainerMemMetrics(
        self, nn: tuple[str, str], cn: str, timestamp: int, value: float, pods: Pods
    ) -> None:
        m = self._container(nn, cn, pods)
        m.MemoryUsage = uint64_from_float64(value)
        m.Timestamp = time.Unix(0, int64(timestamp * 1000000))

    @upstream(f"{REF}:155-165")
    def parseContainerStartTimeMetrics(
        self, nn: tuple[str, str], cn: str, timestamp: int, value: float, pods: Pods
    ) -> None:
        m = self._container(nn, cn, pods)
        m.StartTime = time.Unix(0, int_from_float64(value * 1e9))

    @upstream(f"{REF}:173-184")
    def parseContainerLabels(self, labels: bytes) -> tuple[tuple[str, str], str]:
        def value_of(tag: bytes) -> str:
            i = labels.find(tag) + len(tag)
            j = labels[i:].find(b'"')
            return labels[i : i + j].decode("utf-8", "surrogateescape")

        containerName = value_of(b'container="')
        name = value_of(b'pod="')
        namespace = value_of(b'namespace="')
        return (namespace, name), containerName

    @upstream(f"{REF}:186-200")
    def checkContainerMetrics(self, podMetric: PodMetricsPoint) -> dict[str, MetricsPoint] | None:
        podMetrics: dict[str, MetricsPoint] = {}
        for containerName, containerMetric in (podMetric.Containers or {}).items():
            if containerMetric != MetricsPoint():
                if containerMetric.CumulativeCpuUsed == 0 or containerMetric.MemoryUsage == 0:
                    return None
                podMetrics[containerName] = containerMetric
        return podMetrics
