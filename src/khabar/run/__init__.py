"""Runners: the same pipeline in a loop, a process pool or Spark partitions."""
