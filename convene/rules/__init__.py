"""The rules engine: plain Python, no Django. See docs/ARCHITECTURE.md."""
