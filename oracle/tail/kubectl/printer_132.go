//go:build !kubectl136

package main

import (
	"io"

	v1 "k8s.io/api/core/v1"
	"k8s.io/kubectl/pkg/metricsutil"
	metricsapi "k8s.io/metrics/pkg/apis/metrics"
)

// kubectl <= 1.35 has no swap: a node's swap is ignored.
func setSwap(n *v1.Node, swap *int64) {}

// top_node.go RunTopNode (1.32): allocatable or capacity, then NewTopCmdPrinter(out).
func printTop(out io.Writer, t *top, metrics []metricsapi.NodeMetrics, nodes []v1.Node) error {
	availableResources := make(map[string]v1.ResourceList)
	for _, n := range nodes {
		if !t.ShowCapacity {
			availableResources[n.Name] = n.Status.Allocatable
		} else {
			availableResources[n.Name] = n.Status.Capacity
		}
	}
	return metricsutil.NewTopCmdPrinter(out).PrintNodeMetrics(metrics, availableResources, t.NoHeaders, t.SortBy)
}
