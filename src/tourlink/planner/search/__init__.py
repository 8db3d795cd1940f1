"""Numba-compiled search kernels of the planner (internal)."""
