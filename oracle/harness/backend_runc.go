//go:build oracle_runc
// +build oracle_runc

// Backend for runc's own tree (github.com/opencontainers/runc/libcontainer/cgroups,
// runc 1.0 - 1.2). fs2.MemsimOracleStatMemory is not upstream: scripts/oracle-setup
// writes it (oracle/export/fs2_runc.go.in) into the cache's copy of the fs2 package.

package main

import (
	"encoding/json"

	"github.com/opencontainers/runc/libcontainer/cgroups"
	"github.com/opencontainers/runc/libcontainer/cgroups/fs"
	"github.com/opencontainers/runc/libcontainer/cgroups/fs2"
	"github.com/opencontainers/runc/libcontainer/configs"
)

func init() {
	impl = runcBackend{}
	flavor = "runc"
}

type runcBackend struct{}

func (runcBackend) setTestMode() { cgroups.TestMode = true }

func (runcBackend) run(v2, manager bool, path string) (json.RawMessage, error) {
	var (
		st  *cgroups.Stats
		m   cgroups.Manager
		err error
	)
	cfg := &configs.Cgroup{Resources: &configs.Resources{}}
	switch {
	case manager && v2:
		if m, err = fs2.NewManager(cfg, path); err != nil {
			return nil, err
		}
		st, err = m.GetStats()
	case manager:
		if m, err = fs.NewManager(cfg, map[string]string{"memory": path}); err != nil {
			return nil, err
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
