from .headers import register

__all__ = ["register"]
