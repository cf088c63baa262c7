"""museumgen: a static-site generator for small museums."""

__version__ = "0.1.0"
