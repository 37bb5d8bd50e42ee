"""World builder: one ground truth of a machine's memory, rendered as /proc/meminfo and as
cgroup v1 and cgroup v2 trees, materialised into pyfakefs or onto disk, and captures loaded
back. fake_sysfs never imports ports or sim.
"""
