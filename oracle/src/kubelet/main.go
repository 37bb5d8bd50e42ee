// Command zz_memsim_oracle is memsim's harness for `memsim oracle --src` on a kubernetes
// checkout (memsim's own code, not upstream's): built inside a copy of the checkout with its
// own go.mod and vendor/, it runs the kubelet's CapacityFromMachineInfo
// (pkg/kubelet/cadvisor) on each request {"memory_capacity": UINT64, "cores": INT}, answering
// {"memory": Quantity.String(), "memory_value": Value(), "cpu": String()}.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"

	cadvisorapi "github.com/google/cadvisor/info/v1"
	v1 "k8s.io/api/core/v1"
	"k8s.io/kubernetes/pkg/kubelet/cadvisor"
)

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var r struct {
				MemoryCapacity uint64 `json:"memory_capacity"`
				Cores          int    `json:"cores"`
			}
			if jerr := json.Unmarshal(line, &r); jerr != nil {
				enc.Encode(map[string]string{"harness_error": jerr.Error()})
			} else {
				c := cadvisor.CapacityFromMachineInfo(&cadvisorapi.MachineInfo{MemoryCapacity: r.MemoryCapacity, NumCores: r.Cores})
				mem, cpu := c[v1.ResourceMemory], c[v1.ResourceCPU]
				enc.Encode(map[string]interface{}{"memory": mem.String(), "memory_value": mem.Value(), "cpu": cpu.String()})
			}
			if in.Buffered() == 0 {
				out.Flush()
			}
		}
		if err != nil {
			return
		}
	}
}
