from .ateliers import register

__all__ = ["register"]
