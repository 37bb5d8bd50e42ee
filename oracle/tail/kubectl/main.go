// Command kubectl is memsim's oracle harness for the tail of the pipeline on the kubectl
// side: apimachinery's resource.Quantity and kubectl's `top node` printer (package
// metricsutil), built by scripts/oracle-setup from Debian's golang-k8s-kubectl-dev (and the
// apimachinery it depends on). It is memsim's own code, not upstream's (docs/oracle.md).
//
// It reads one JSON request per line on stdin and writes one JSON answer per line:
//
//	{"q": [VALUE, SCALE, FORMAT]}   a Quantity{i: int64Amount{VALUE, SCALE}, Format}: what
//	                                String, Value, MilliValue, ScaledValue and kubectl's
//	                                cells make of it, and ParseQuantity of its String (the
//	                                API round trip: JSON carries String, kubectl parses it)
//	{"p": STRING}                   ParseQuantity(STRING) and the same accessors
//	{"top": TOP}                    RunTopNode's table, from the node and metrics objects
//	                                kubectl would have decoded (quantities as strings)
//
// The answer to q and p is {"s", "v", "m", "sv": [ScaledValue(scale) for SCALES], "fmt",
// "mi", "cpu", "err"}; q adds "rt" (the same for ParseQuantity(String())). top answers
// {"out": TABLE, "err": ERROR or null}.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metricsapi "k8s.io/metrics/pkg/apis/metrics"
)

// Scales is the list of scales ScaledValue is asked for (memsim's sim/oracle_tail.py has
// the same list): the usual ones, and the corners of scaledValue (10^19 and beyond).
var Scales = []resource.Scale{-30, -21, -20, -19, -18, -12, -9, -6, -3, -1, 0, 1, 3, 6, 9, 12, 18, 19, 20, 21, 30}

type quantityAnswer struct {
	S   string          `json:"s"`
	V   int64           `json:"v"`
	M   int64           `json:"m"`
	SV  []int64         `json:"sv"`
	Fmt string          `json:"fmt"`
	Mi  string          `json:"mi"`
	CPU string          `json:"cpu"`
	Err *string         `json:"err"`
	RT  *quantityAnswer `json:"rt,omitempty"`
}

func describe(q resource.Quantity) *quantityAnswer {
	a := &quantityAnswer{Fmt: string(q.Format)}
	// each accessor on its own copy, as each would be called on a fresh value
	c := q.DeepCopy()
	a.S = c.String()
	c = q.DeepCopy()
	a.V = c.Value()
	c = q.DeepCopy()
	a.M = c.MilliValue()
	for _, s := range Scales {
		c = q.DeepCopy()
		a.SV = append(a.SV, c.ScaledValue(s))
	}
	// metrics_printer.go printSingleResourceUsage: memory and cpu cells
	c = q.DeepCopy()
	a.Mi = fmt.Sprintf("%vMi", c.Value()/(1024*1024))
	c = q.DeepCopy()
	a.CPU = fmt.Sprintf("%vm", c.MilliValue())
	return a
}

type node struct {
	Name        string            `json:"name"`
	Allocatable map[string]string `json:"allocatable"`
	Capacity    map[string]string `json:"capacity"`
	Swap        *int64            `json:"swap"`
}

type nodeMetrics struct {
	Name  string            `json:"name"`
	Usage map[string]string `json:"usage"`
}

type top struct {
	Nodes        []node        `json:"nodes"`
	Metrics      []nodeMetrics `json:"metrics"`
	ShowCapacity bool          `json:"show_capacity"`
	NoHeaders    bool          `json:"no_headers"`
	SortBy       string        `json:"sort_by"`
	ShowSwap     bool          `json:"show_swap"`
}

type request struct {
	Q   []json.RawMessage `json:"q"`
	P   *string           `json:"p"`
	Top *top              `json:"top"`
}

func resources(m map[string]string) (v1.ResourceList, error) {
	if m == nil {
		return nil, nil
	}
	out := v1.ResourceList{}
	for k, s := range m {
		q, err := resource.ParseQuantity(s)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %v", k, s, err)
		}
		out[v1.ResourceName(k)] = q
	}
	return out, nil
}

// runTop is RunTopNode after its API calls (top_node.go), with the objects given: the
// availableResources map, then the printer of this kubectl version (printer_*.go).
func runTop(t *top) (string, error) {
	if len(t.Metrics) == 0 {
		return "", errors.New("metrics not available yet")
	}
	metrics := make([]metricsapi.NodeMetrics, 0, len(t.Metrics))
	for _, m := range t.Metrics {
		u, err := resources(m.Usage)
		if err != nil {
			return "", err
		}
		metrics = append(metrics, metricsapi.NodeMetrics{
			ObjectMeta: metav1.ObjectMeta{Name: m.Name},
			Timestamp:  metav1.NewTime(time.Unix(0, 0)),
			Window:     metav1.Duration{Duration: 20 * time.Second},
			Usage:      u,
		})
	}
	nodes := make([]v1.Node, 0, len(t.Nodes))
	for _, n := range t.Nodes {
		a, err := resources(n.Allocatable)
		if err != nil {
			return "", err
		}
		c, err := resources(n.Capacity)
		if err != nil {
			return "", err
		}
		v := v1.Node{ObjectMeta: metav1.ObjectMeta{Name: n.Name}}
		v.Status.Allocatable, v.Status.Capacity = a, c
		setSwap(&v, n.Swap)
		nodes = append(nodes, v)
	}
	var out bytes.Buffer
	err := printTop(&out, t, metrics, nodes)
	return out.String(), err
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			answer(enc, line)
			if in.Buffered() == 0 {
				out.Flush()
			}
		}
		if err != nil {
			return
		}
	}
}

func answer(enc *json.Encoder, line []byte) {
	var r request
	if err := json.Unmarshal(line, &r); err != nil {
		enc.Encode(map[string]string{"harness_error": err.Error()})
		return
	}
	defer func() {
		if p := recover(); p != nil {
			enc.Encode(map[string]string{"harness_error": fmt.Sprintf("panic: %v", p)})
		}
	}()
	switch {
	case r.Q != nil:
		var v int64
		var s int32
		var f string
		if len(r.Q) != 3 || json.Unmarshal(r.Q[0], &v) != nil || json.Unmarshal(r.Q[1], &s) != nil || json.Unmarshal(r.Q[2], &f) != nil {
			enc.Encode(map[string]string{"harness_error": "q wants [int64, int32, format]"})
			return
		}
		q := resource.NewScaledQuantity(v, resource.Scale(s))
		q.Format = resource.Format(f)
		a := describe(*q)
		text, _ := q.DeepCopy().MarshalJSON() // what the API server writes: "\"" + String() + "\""
		var str string
		json.Unmarshal(text, &str)
		p, err := resource.ParseQuantity(str)
		if err != nil {
			e := err.Error()
			a.RT = &quantityAnswer{Err: &e}
		} else {
			a.RT = describe(p)
		}
		enc.Encode(a)
	case r.P != nil:
		q, err := resource.ParseQuantity(*r.P)
		if err != nil {
			e := err.Error()
			enc.Encode(&quantityAnswer{Err: &e})
			return
		}
		enc.Encode(describe(q))
	case r.Top != nil:
		table, err := runTop(r.Top)
		var e *string
		if err != nil {
			s := err.Error()
			e = &s
		}
		enc.Encode(map[string]any{"out": table, "err": e})
	default:
		enc.Encode(map[string]string{"harness_error": "unknown request"})
	}
}
