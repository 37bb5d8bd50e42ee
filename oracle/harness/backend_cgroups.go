//go:build oracle_cgroups
// +build oracle_cgroups

// Backend for github.com/opencontainers/cgroups (the library runc uses from 1.3.0).
// fs2.MemsimOracleStatMemory is not upstream: scripts/oracle-setup writes it
// (oracle/export/fs2_cgroups.go.in) into the cache's copy of the fs2 package.

package main

import (
	"encoding/json"

	"github.com/opencontainers/cgroups"
	"github.com/opencontainers/cgroups/fs"
	"github.com/opencontainers/cgroups/fs2"
)

func init() {
	impl = cgroupsBackend{}
	flavor = "cgroups"
}

type cgroupsBackend struct{}

func (cgroupsBackend) setTestMode() { cgroups.TestMode = true }

func (cgroupsBackend) run(v2, manager bool, path string) (json.RawMessage, error) {
	var (
		st  *cgroups.Stats
		err error
	)
	cfg := &cgroups.Cgroup{Resources: &cgroups.Resources{}}
	switch {
	case manager && v2:
		m, merr := fs2.NewManager(cfg, path)
		if merr != nil {
			return nil, merr
		}
		st, err = m.GetStats()
	case manager:
		m, merr := fs.NewManager(cfg, map[string]string{"memory": path})
		if merr != nil {
			return nil, merr
		}
		st, err = m.GetStats()
	case v2:
		st = cgroups.NewStats()
		err = fs2.MemsimOracleStatMemory(path, st)
	default:
		st = cgroups.NewStats()
		err = (&fs.MemoryGroup{}).GetStats(path, st)
	}
	if st == nil {
		return nil, err
	}
	b, merr := json.Marshal(st.MemoryStats)
	if merr != nil {
		panic(merr)
	}
	return b, err
}
