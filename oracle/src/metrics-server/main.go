// Command zz_memsim_oracle is memsim's harness for `memsim oracle --src` on a metrics-server
// checkout (memsim's own code, not upstream's): it is built inside a copy of the checkout,
// with the checkout's own go.mod, and runs its decodeBatch (pkg/scraper/client/resource) on
// each request line {"text": B64, "time": UNIX_NANO, "node": NAME}, answering
// {"nodes": {NAME: MetricsPoint as encoding/json writes it}, "err": TEXT|null}.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"time"

	"sigs.k8s.io/metrics-server/pkg/scraper/client/resource"
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
				Text []byte `json:"text"`
				Time int64  `json:"time"`
				Node string `json:"node"`
			}
			if jerr := json.Unmarshal(line, &r); jerr != nil {
				enc.Encode(map[string]string{"harness_error": jerr.Error()})
			} else {
				batch, derr := resource.MemsimDecodeBatch(r.Text, time.Unix(0, r.Time), r.Node)
				a := map[string]interface{}{"nodes": map[string]interface{}{}, "err": nil}
				if derr != nil {
					a["err"] = derr.Error()
				} else if batch != nil {
					a["nodes"] = batch.Nodes
				}
				enc.Encode(a)
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
