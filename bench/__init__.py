"""Benchmarks of fydesk: `make bench` prints each figure beside a baseline from the same run."""
