"""tourlink: an open platform for regional heritage tourism."""

__version__ = "0.1.0"
