// Command expfmt is memsim's oracle harness for the exposition writer: prometheus-common's
// expfmt.MetricFamilyToText (the text format 0.0.4 kubelet serves on /metrics/resource),
// built by scripts/oracle-setup from Debian's golang-github-prometheus-common-dev. It is
// memsim's own code, not upstream's (docs/oracle.md).
//
// One JSON family per line on stdin, byte strings base64 (so any bytes pass), float values
// as their IEEE-754 bits (so NaN payloads, -0 and the infinities pass):
//
//	{"name": B64|null, "help": B64|null, "type": "COUNTER"|"GAUGE"|"UNTYPED",
//	 "metrics": [{"labels": [[B64, B64], ...], "bits": UINT64, "ts": INT64|null}, ...]}
//
// One answer per line: {"out": B64 (what was written), "n": written, "err": TEXT|null}.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

type metric struct {
	Labels [][2][]byte `json:"labels"`
	Bits   uint64      `json:"bits"`
	TS     *int64      `json:"ts"`
}

type family struct {
	Name    []byte   `json:"name"`
	Help    []byte   `json:"help"`
	Type    string   `json:"type"`
	Metrics []metric `json:"metrics"`
}

type answer struct {
	Out []byte  `json:"out"`
	N   int     `json:"n"`
	Err *string `json:"err"`
}

func str(b []byte) *string {
	if b == nil {
		return nil
	}
	s := string(b)
	return &s
}

func toDTO(f *family) (*dto.MetricFamily, error) {
	t, ok := dto.MetricType_value[f.Type]
	if !ok {
		return nil, fmt.Errorf("unknown type %q", f.Type)
	}
	mf := &dto.MetricFamily{Name: str(f.Name), Help: str(f.Help), Type: dto.MetricType(t).Enum()}
	for _, m := range f.Metrics {
		v := math.Float64frombits(m.Bits)
		dm := &dto.Metric{TimestampMs: m.TS}
		for _, l := range m.Labels {
			dm.Label = append(dm.Label, &dto.LabelPair{Name: str(l[0]), Value: str(l[1])})
		}
		switch dto.MetricType(t) {
		case dto.MetricType_COUNTER:
			dm.Counter = &dto.Counter{Value: &v}
		case dto.MetricType_GAUGE:
			dm.Gauge = &dto.Gauge{Value: &v}
		case dto.MetricType_UNTYPED:
			dm.Untyped = &dto.Untyped{Value: &v}
		default:
			return nil, fmt.Errorf("type %s is not supported by this harness", f.Type)
		}
		mf.Metric = append(mf.Metric, dm)
	}
	return mf, nil
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			one(enc, line)
			if in.Buffered() == 0 {
				out.Flush()
			}
		}
		if err != nil {
			return
		}
	}
}

func one(enc *json.Encoder, line []byte) {
	var f family
	if err := json.Unmarshal(line, &f); err != nil {
		enc.Encode(map[string]string{"harness_error": err.Error()})
		return
	}
	mf, err := toDTO(&f)
	if err != nil {
		enc.Encode(map[string]string{"harness_error": err.Error()})
		return
	}
	var buf bytes.Buffer
	n, err := expfmt.MetricFamilyToText(&buf, mf)
	a := answer{Out: buf.Bytes(), N: n}
	if a.Out == nil {
		a.Out = []byte{}
	}
	if err != nil {
		e := err.Error()
		a.Err = &e
	}
	enc.Encode(a)
}
