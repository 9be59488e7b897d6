"""Assemblies' tables."""
