//go:build kubectl136

package main

import (
	"io"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/kubectl/pkg/metricsutil"
	metricsapi "k8s.io/metrics/pkg/apis/metrics"
)

// Status.NodeInfo.Swap.Capacity, when the node reports swap.
func setSwap(n *v1.Node, swap *int64) {
	if swap != nil {
		n.Status.NodeInfo.Swap = &v1.NodeSwapStatus{Capacity: swap}
	}
}

// top_node.go RunTopNode (1.36): allocatable or capacity, the swap capacity or swap
// registered missing, then NewTopCmdPrinter(out, showSwap).
func printTop(out io.Writer, t *top, metrics []metricsapi.NodeMetrics, nodes []v1.Node) error {
	printer := metricsutil.NewTopCmdPrinter(out, t.ShowSwap)
	availableResources := make(map[string]v1.ResourceList)
	for _, n := range nodes {
		if !t.ShowCapacity {
			availableResources[n.Name] = n.Status.Allocatable
		} else {
			availableResources[n.Name] = n.Status.Capacity
		}
		if n.Status.NodeInfo.Swap != nil && n.Status.NodeInfo.Swap.Capacity != nil {
			availableResources[n.Name]["swap"] = *resource.NewQuantity(*n.Status.NodeInfo.Swap.Capacity, resource.BinarySI)
		} else {
			printer.RegisterMissingResource(n.Name, metricsutil.ResourceSwap)
		}
	}
	return printer.PrintNodeMetrics(metrics, availableResources, t.NoHeaders, t.SortBy)
}
