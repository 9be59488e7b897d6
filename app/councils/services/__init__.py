"""Council services, one module per noun. They take the acting user as an argument, never read
the request, raise `DomainError`, and flush rather than commit."""
