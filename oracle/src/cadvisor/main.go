// Command zz_memsim_oracle is memsim's harness for `memsim oracle --src` on a cAdvisor
// checkout (memsim's own code, not upstream's): built inside a copy of the checkout with its
// own go.mod, it runs the machine package's parseCapacity (GetMachineMemoryCapacity and
// GetMachineSwapCapacity on a /proc/meminfo text) on each request {"meminfo": B64}, answering
// {"memory": N, "memory_err": TEXT|null, "swap": N, "swap_err": TEXT|null}.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"

	"github.com/google/cadvisor/MACHINE_PKG"
)

func errText(err error) *string {
	if err == nil {
		return nil
	}
	s := err.Error()
	return &s
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var r struct {
				Meminfo []byte `json:"meminfo"`
			}
			if jerr := json.Unmarshal(line, &r); jerr != nil {
				enc.Encode(map[string]string{"harness_error": jerr.Error()})
			} else {
				m, merr := machine.MemsimParseCapacity(r.Meminfo, false)
				s, serr := machine.MemsimParseCapacity(r.Meminfo, true)
				enc.Encode(map[string]interface{}{"memory": m, "memory_err": errText(merr), "swap": s, "swap_err": errText(serr)})
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
