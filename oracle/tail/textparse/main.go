// Command textparse is memsim's oracle harness for the parser metrics-server reads kubelet's
// /metrics/resource with: prometheus' textparse PromParser (model/textparse), built by
// scripts/oracle-setup from Debian's golang-github-prometheus-prometheus-dev. It is memsim's
// own code, not upstream's (docs/oracle.md).
//
// One JSON request per line on stdin: {"text": B64} (an exposition; bytes base64). One answer
// per line: every entry Next returned, then how it stopped:
//
//	{"entries": [{"e": ENTRY, "series": B64, "ts": INT64|null, "bits": UINT64,
//	              "labels": [[B64, B64], ...]}            a series (EntrySeries)
//	             {"e": ENTRY, "m": B64, "help": B64}       a HELP line
//	             {"e": ENTRY, "m": B64, "type": TYPE}      a TYPE line
//	             {"e": ENTRY, "comment": B64}, ...],       a comment
//	 "err": TEXT|null}                                     null: io.EOF
//
// ENTRY is textparse's Entry number (0 type, 1 help, 2 series, 3 comment); float values go
// as their IEEE-754 bits.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"

	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/model/textparse"
)

type entry struct {
	E       int         `json:"e"`
	Series  []byte      `json:"series,omitempty"`
	TS      *int64      `json:"ts,omitempty"`
	Bits    *uint64     `json:"bits,omitempty"`
	Labels  [][2][]byte `json:"labels,omitempty"`
	M       []byte      `json:"m,omitempty"`
	Help    []byte      `json:"help,omitempty"`
	Type    *string     `json:"type,omitempty"`
	Comment []byte      `json:"comment,omitempty"`
}

type answer struct {
	Entries []entry `json:"entries"`
	Err     *string `json:"err"`
}

func clone(b []byte) []byte { return append([]byte{}, b...) }

func parse(text []byte) answer {
	a := answer{Entries: []entry{}}
	p := textparse.NewPromParser(text, labels.NewSymbolTable())
	for {
		et, err := p.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				e := err.Error()
				a.Err = &e
			}
			return a
		}
		en := entry{E: int(et)}
		switch et {
		case textparse.EntrySeries:
			s, ts, v := p.Series()
			en.Series = clone(s)
			if ts != nil {
				t := *ts
				en.TS = &t
			}
			bits := math.Float64bits(v)
			en.Bits = &bits
			var l labels.Labels
			p.Metric(&l)
			en.Labels = [][2][]byte{}
			l.Range(func(x labels.Label) {
				en.Labels = append(en.Labels, [2][]byte{[]byte(x.Name), []byte(x.Value)})
			})
		case textparse.EntryHelp:
			m, h := p.Help()
			en.M, en.Help = clone(m), clone(h)
			if en.Help == nil {
				en.Help = []byte{}
			}
		case textparse.EntryType:
			m, t := p.Type()
			en.M = clone(m)
			s := string(t)
			en.Type = &s
		case textparse.EntryComment:
			en.Comment = clone(p.Comment())
		}
		a.Entries = append(a.Entries, en)
	}
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
				Text []byte `json:"text"`
			}
			if jerr := json.Unmarshal(line, &r); jerr != nil {
				enc.Encode(map[string]string{"harness_error": jerr.Error()})
			} else {
				enc.Encode(parse(r.Text))
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
