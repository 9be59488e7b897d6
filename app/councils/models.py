"""Councils' tables."""
