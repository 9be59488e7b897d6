"""Votes' tables."""
