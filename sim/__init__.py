"""memsim's simulator: runs the ports over worlds and captures, and compares pipelines.

Data flows one way: fake_sysfs (world -> files) -> ports (files -> stats) -> sim.
sim is the only package that imports both of the others.
"""
