"""Feedback services, one module per noun. They take the acting user as an argument, never read the
request, raise `DomainError`, and flush rather than commit. `now` (an aware UTC datetime, the present
moment by default) decides what is late; tests pass it."""
