from .agenda import register

__all__ = ["register"]
