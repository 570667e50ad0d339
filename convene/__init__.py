"""Convene: a multi-agency child protection case system for England."""
