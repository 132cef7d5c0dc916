from .zonemap import register

__all__ = ["register"]
