"""The photo vote online: a small self-hosted ballot service for the zone sites (docs/vote.md)."""
