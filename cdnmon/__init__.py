"""cdnmon: a desktop monitor for CDN origin-pull bandwidth."""

__version__ = "0.1.0"
