"""Renderings of findings: terminal table, JSON (more formats live beside these)."""
