"""Reelmap: filming locations from news articles, on a map."""

__version__ = "0.1.0"
