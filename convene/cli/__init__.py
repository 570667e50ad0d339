"""Convene's own commands, which need no Django: `convene evaluate`, `convene procedure`."""
