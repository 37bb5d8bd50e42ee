"""The invariants of kernel.md §5.3, checked on rendered files (parsed back, as a reader would).

check(tree, world) returns the list of violations (empty = all hold). Parsing is deliberately
independent of the renderers: plain splitting of "key value" lines.

Quirks that deliberately relax invariants (kernel.md §5.4), by exactly the world's own amounts:
stale statistics (Cgroup.stale, §5.4 #5) relax "usage/current >= inactive_file" and "current >=
anon + file + kernel + sock" for non-root cgroups (§5.3 #6) and "root statistic <= node counter"
(§5.3 #5); vmstat drift (Node.drift_*, §5.4 #16) relaxes the meminfo identities that mix
independently drifting counters (§1.2 #2, #3, §5.3 #3) and "root statistic <= node counter".
The hierarchy sums (§5.3 #4) and numa_stat sums (#9) still hold exactly: the statistics are
stale consistently, as the kernel's flushed counters are.
"""

from __future__ import annotations

from fake_sysfs import Tree, World
from fake_sysfs.model import DRIFT_FIELDS
from fake_sysfs.profiles import V1_UNLIMITED

MEMINFO = "/proc/meminfo"
V1 = "/sys/fs/cgroup/memory"
V2 = "/sys/fs/cgroup"

# v1 memory.stat keys that are counts, not bytes
V1_COUNTS = {
    "pgpgin",
    "pgpgout",
    "pgfault",
    "pgmajfault",
    "workingset_refault_anon",
    "workingset_refault_file",
}
# v2 memory.stat keys in bytes that need not be page multiples
V2_BYTES_ANY = {"slab_reclaimable", "slab_unreclaimable", "slab", "percpu", "zswap"}
V2_BYTES_PAGES = {
    "anon", "file", "kernel", "pagetables", "sec_pagetables", "sock", "vmalloc", "shmem", "zswapped",
    "file_mapped", "file_dirty", "file_writeback", "swapcached", "anon_thp", "file_thp", "shmem_thp",
    "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable", "hugetlb",
}  # fmt: skip
V2_STATE = V2_BYTES_ANY | V2_BYTES_PAGES | {"kernel_stack"}
LRU_V1 = ("inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable")


def meminfo(tree: Tree) -> dict[str, int]:
    out = {}
    for line in tree.read(MEMINFO).splitlines():
        k, v = line.split(":", 1)
        out[k] = int(v.split()[0])
    return out


def kv(text: str) -> dict[str, int]:
    out = {}
    for line in text.splitlines():
        k, v = line.split()
        out[k] = int(v)
    return out


def num(tree: Tree, path: str) -> int | None:
    s = tree.read(path).strip()
    return None if s == "max" else int(s)


def cgroup_dirs(tree: Tree, mount: str) -> list[str]:
    return sorted(
        {
            p.rsplit("/", 1)[0]
            for p in tree.files
            if p.startswith(mount + "/") and p.endswith("/memory.stat")
        }
    )


def children(dirs: list[str], d: str) -> list[str]:
    return [c for c in dirs if c.rsplit("/", 1)[0] == d]


def slack(world: World | None) -> tuple[int, int]:
    """How far the world's quirks may move a value: (stale statistics, bytes; drift, kB)."""
    if world is None:
        return 0, 0
    stale = 0
    for _, c in world.root.walk():
        stale += sum(abs(v) for v in c.stale)
    drift = sum(abs(getattr(world.node, f)) for f in DRIFT_FIELDS)
    return stale * 4096, drift * 4


def check_meminfo(m: dict[str, int], drift_kb: int = 0) -> list[str]:
    bad = []
    for k, v in m.items():
        if v < 0:
            bad.append(f"meminfo {k} negative")
        if k.startswith("HugePages_") or k in ("VmallocTotal", "Hugepagesize"):
            continue
        unit = 16 if k == "KernelStack" else 4
        if k == "HardwareCorrupted":
            unit = 4
        if v % unit:
            bad.append(f"meminfo {k} = {v} not a multiple of {unit} kB")
    eq = [
        ("Slab", m["SReclaimable"] + m["SUnreclaim"]),
        ("Active", m["Active(anon)"] + m["Active(file)"]),
        ("Inactive", m["Inactive(anon)"] + m["Inactive(file)"]),
        ("Hugetlb", m["HugePages_Total"] * m["Hugepagesize"]),
    ]
    for k, want in eq:
        if m[k] != want:
            bad.append(f"meminfo {k} = {m[k]}, want {want}")
    le = [
        ("Shmem", "Cached"),
        ("AnonHugePages", "AnonPages"),
        ("Mlocked", "Unevictable"),
        ("SwapFree", "SwapTotal"),
        ("HugePages_Free", "HugePages_Total"),
        ("HugePages_Rsvd", "HugePages_Free"),
        ("MemFree", "MemTotal"),
        ("MemAvailable", "MemTotal"),
    ]
    if "KReclaimable" in m:
        le.append(("SReclaimable", "KReclaimable"))
    for a, b in le:
        # AnonPages, Cached and MemFree are per-cpu batched global counters: in a drifting
        # world they can read below a counter they usually bound
        drifts = a in ("Shmem", "MemAvailable", "AnonHugePages")
        if a in m and m[a] > m[b] + (drift_kb if drifts else 0):
            bad.append(f"meminfo {a} = {m[a]} > {b} = {m[b]}")
    if m["Dirty"] + m["Writeback"] > m["Buffers"] + m["Cached"] + drift_kb:
        bad.append("meminfo Dirty + Writeback > Buffers + Cached")
    if m["SwapCached"] > m["SwapTotal"] - m["SwapFree"]:
        bad.append("meminfo SwapCached > swap in use")
    used = m["MemTotal"] - m["MemFree"]
    floor = (
        m["Buffers"] + m["Cached"] + m["SwapCached"] + m["AnonPages"] + m["Slab"]
        + m["PageTables"] + m["Percpu"] + m["Hugetlb"]
    )  # fmt: skip
    if used < floor - 2 * drift_kb:
        bad.append(f"meminfo MemTotal-MemFree {used} < the counted parts {floor}")
    return bad


def check_v1(tree: Tree, world: World | None, m: dict[str, int]) -> list[str]:
    bad: list[str] = []
    dirs = [V1, *[d for d in cgroup_dirs(tree, V1) if d != V1]]
    stats = {d: kv(tree.read(f"{d}/memory.stat")) for d in dirs}
    usage = {d: num(tree, f"{d}/memory.usage_in_bytes") for d in dirs}
    hier = tree.read(f"{V1}/memory.use_hierarchy").strip() == "1"
    stale_b, drift_kb = slack(world)
    for d, st in stats.items():
        for k, v in st.items():
            base = k.removeprefix("total_")
            if v < 0:
                bad.append(f"{d} {k} negative")
            if base not in V1_COUNTS and v % 4096:
                bad.append(f"{d} {k} = {v} not a multiple of 4096")
        # total_X = X + Σ children total_X (+ dying children, so >=)
        kids = children(dirs, d)
        for k in st:
            if k.startswith("total_"):
                base = k.removeprefix("total_")
                s = st[base] + sum(stats[c][k] for c in kids)
                # v1 swap is swap entries minus swap cache, each cgroup's clamped at 0: with
                # stale statistics the clamps can break the sum by the stale amounts
                if st[k] < s - (stale_b if base == "swap" else 0):
                    bad.append(f"{d} {k} = {st[k]} < local + children {s}")
        # numa_stat: per-node values sum to the total; total = file + anon + unevictable
        for line in tree.read(f"{d}/memory.numa_stat").splitlines():
            head, *nodes = line.split()
            total = int(head.split("=")[1])
            if total != sum(int(x.split("=")[1]) for x in nodes):
                bad.append(f"{d} numa_stat {head}: nodes do not sum to the total")
        ns = {
            ln.split("=")[0]: int(ln.split()[0].split("=")[1])
            for ln in tree.read(f"{d}/memory.numa_stat").splitlines()
        }
        for pre, t in (("", ""), ("hierarchical_", "total_")):
            if ns[pre + "total"] != ns[pre + "file"] + ns[pre + "anon"] + ns[pre + "unevictable"]:
                bad.append(f"{d} numa_stat {pre}total != file + anon + unevictable")
            if ns[pre + "file"] * 4096 != st[t + "inactive_file"] + st[t + "active_file"]:
                bad.append(f"{d} numa_stat {pre}file disagrees with memory.stat")
        if d == V1:
            continue
        u = usage[d]
        assert u is not None
        if u < st["total_inactive_file"] - stale_b and hier:
            bad.append(f"{d} usage {u} < total_inactive_file")
        mu = num(tree, f"{d}/memory.max_usage_in_bytes")
        if mu is None or mu < u:
            bad.append(f"{d} max_usage_in_bytes < usage")
        if f"{d}/memory.memsw.usage_in_bytes" in tree.files:
            mw = num(tree, f"{d}/memory.memsw.usage_in_bytes")
            ml = num(tree, f"{d}/memory.memsw.limit_in_bytes")
            lim = num(tree, f"{d}/memory.limit_in_bytes")
            if mw is None or mw < u:
                bad.append(f"{d} memsw.usage < usage")
            if ml is not None and lim is not None and ml < lim:
                bad.append(f"{d} memsw.limit < limit")
        if hier:
            kids = children(dirs, d)
            s = sum(usage[c] or 0 for c in kids)
            if u < s:
                bad.append(f"{d} usage {u} < Σ children {s}")
    # root totals vs node counters (kB -> bytes)
    rt = stats[V1]
    pairs = [
        ("total_inactive_file", "Inactive(file)"),
        ("total_active_file", "Active(file)"),
        ("total_inactive_anon", "Inactive(anon)"),
        ("total_active_anon", "Active(anon)"),
        ("total_unevictable", "Unevictable"),
        ("total_shmem", "Shmem"),
        ("total_mapped_file", "Mapped"),
        ("total_dirty", "Dirty"),
        ("total_writeback", "Writeback"),
    ]
    if "total_rss_huge" in rt:
        pairs.append(("total_rss_huge", "AnonHugePages"))
    if "total_swapcached" in rt:
        pairs.append(("total_swapcached", "SwapCached"))
    tol = stale_b + drift_kb * 1024
    for k, field in pairs:
        if rt[k] > m[field] * 1024 + tol:
            bad.append(f"root {k} {rt[k]} > meminfo {field} {m[field] * 1024}")
    if rt["total_cache"] > (m["Buffers"] + m["Cached"] + m["SwapCached"]) * 1024 + tol:
        bad.append("root total_cache > node page cache")
    if rt["hierarchical_memory_limit"] != V1_UNLIMITED:
        bad.append("root hierarchical_memory_limit is not unlimited")
    return bad


def check_v2(tree: Tree, world: World | None, m: dict[str, int]) -> list[str]:
    bad: list[str] = []
    for f in (
        "memory.current",
        "memory.max",
        "memory.peak",
        "memory.events",
        "memory.swap.current",
        "memory.swap.max",
    ):
        if f"{V2}/{f}" in tree.files:
            bad.append(f"root has {f}")
    dirs = cgroup_dirs(tree, V2)
    stats = {d: kv(tree.read(f"{d}/memory.stat")) for d in dirs}
    stale_b, drift_kb = slack(world)
    tol = stale_b + drift_kb * 1024
    for d, st in stats.items():
        for k, v in st.items():
            if v < 0:
                bad.append(f"{d} {k} negative")
            if k in V2_BYTES_PAGES and v % 4096:
                bad.append(f"{d} {k} = {v} not a multiple of 4096")
            if k == "kernel_stack" and v % 1024:
                bad.append(f"{d} kernel_stack not a multiple of 1024")
        if "slab" in st and st["slab"] != st["slab_reclaimable"] + st["slab_unreclaimable"]:
            bad.append(f"{d} slab != reclaimable + unreclaimable")
        kids = children(dirs, d)
        for k in st:
            s = sum(stats[c][k] for c in kids)
            if st[k] < s:
                bad.append(f"{d} {k} = {st[k]} < Σ children {s}")
        numa = f"{d}/memory.numa_stat"
        if numa in tree.files:
            for line in tree.read(numa).splitlines():
                k, *nodes = line.split()
                total = sum(int(x.split("=")[1]) for x in nodes)
                if k in st and total != st[k]:
                    bad.append(f"{d} numa_stat {k} sums to {total}, memory.stat says {st[k]}")
        if d == V2:
            continue
        cur = num(tree, f"{d}/memory.current")
        assert cur is not None
        if cur < st["inactive_file"] - stale_b:
            bad.append(f"{d} current < inactive_file")
        if "kernel" in st and cur < st["anon"] + st["file"] + st["kernel"] + st["sock"] - stale_b:
            bad.append(f"{d} current < anon + file + kernel + sock")
        if f"{d}/memory.peak" in tree.files and (num(tree, f"{d}/memory.peak") or 0) < cur:
            bad.append(f"{d} peak < current")
        s = sum(num(tree, f"{c}/memory.current") or 0 for c in kids)
        if cur < s:
            bad.append(f"{d} current {cur} < Σ children {s}")
        ev = kv(tree.read(f"{d}/memory.events"))
        for c in kids:
            for k, v in kv(tree.read(f"{c}/memory.events")).items():
                if v > ev[k]:
                    bad.append(f"{d} memory.events {k} below a child's")
    if V2 in stats:
        rt = stats[V2]
        pairs = [
            ("inactive_file", "Inactive(file)"), ("active_file", "Active(file)"),
            ("inactive_anon", "Inactive(anon)"), ("active_anon", "Active(anon)"),
            ("unevictable", "Unevictable"), ("shmem", "Shmem"), ("file_mapped", "Mapped"),
            ("file_dirty", "Dirty"), ("file_writeback", "Writeback"),
            ("slab_reclaimable", "SReclaimable"), ("slab_unreclaimable", "SUnreclaim"),
            ("kernel_stack", "KernelStack"), ("pagetables", "PageTables"), ("percpu", "Percpu"),
            ("swapcached", "SwapCached"), ("anon_thp", "AnonHugePages"), ("zswap", "Zswap"),
        ]  # fmt: skip
        for k, field in pairs:
            if k in rt and field in m and rt[k] > m[field] * 1024 + tol:
                bad.append(f"root v2 {k} {rt[k]} > meminfo {field}")
        if rt["file"] > (m["Buffers"] + m["Cached"] + m["SwapCached"]) * 1024 + tol:
            bad.append("root v2 file > node page cache")
    return bad


def check(tree: Tree, world: World | None = None) -> list[str]:
    m = meminfo(tree)
    bad = check_meminfo(m, slack(world)[1])
    if tree.is_v2:
        bad += check_v2(tree, world, m)
    else:
        bad += check_v1(tree, world, m)
    if world is not None:
        bad += check_truth(tree, world, m)
    return bad


def check_truth(tree: Tree, world: World, m: dict[str, int]) -> list[str]:
    """Identities that need the ground truth: §1.2 #2 and #3, §5.3 #3, exact hierarchy sums."""
    bad = []
    a = world.accounting
    t = a.total
    n = world.node
    kb = 4
    drift_kb = slack(world)[1]
    f_node = m["Buffers"] + m["Cached"] + m["SwapCached"]
    if m["Cached"] != f_node - m["SwapCached"] - m["Buffers"]:
        bad.append("Cached != F - SwapCached - Buffers")
    # §1.2 #2, exactly: file LRU = Buffers + Cached - Shmem - unevictable file + lazyfree
    want = (
        f_node
        - m["SwapCached"]
        - m["Shmem"]
        - (t.mlocked_file + t.unevictable_file) * kb
        + t.lazyfree * kb
    )
    if abs(m["Active(file)"] + m["Inactive(file)"] - want) > 2 * drift_kb:
        bad.append(f"file LRU {m['Active(file)'] + m['Inactive(file)']} != {want}")
    # charged, unmapped anon on either list (the multi-gen LRU keeps it in a young generation)
    unmapped = t.anon_unmapped + t.anon_unmapped_active
    # §1.2 #3 (exact in this model): anon LRU = AnonPages + Shmem + SwapCached + unmapped - mlocked - lazyfree - mapped swap cache
    want = (
        m["AnonPages"] + m["Shmem"] + m["SwapCached"]
        + (unmapped - t.mlocked_anon - t.lazyfree - t.swapcache_mapped) * kb
    )  # fmt: skip
    if abs(m["Active(anon)"] + m["Inactive(anon)"] - want) > 2 * drift_kb:
        bad.append(f"anon LRU {m['Active(anon)'] + m['Inactive(anon)']} != {want}")
    # §5.3 #3: LRU total <= F + AnonPages + anon_unmapped
    lru = m["Active"] + m["Inactive"] + m["Unevictable"]
    if lru > f_node + m["AnonPages"] + unmapped * kb + 2 * drift_kb:
        bad.append("LRU total > F + AnonPages + unmapped anon")
    if m["MemTotal"] != n.mem_total * kb or m["MemFree"] != a.mem_free * kb:
        bad.append("MemTotal/MemFree disagree with the ground truth")
    # hierarchy, exactly: each cgroup's hierarchical values = own + Σ children (dying included)
    tr = world.tree
    for v in tr.values.values():
        kids = [tr.values[f"{v.path}/{c.name}" if v.path else c.name] for c in v.cgroup.children]
        s = v.cgroup.memory
        for k in kids:
            s = s._make(a + b for a, b in zip(s, k.total, strict=True))
        if s != v.total:
            bad.append(f"{v.path or '/'}: hierarchical total != own + children")
    return bad
