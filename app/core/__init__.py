"""Shared kernel: knows no area. Database base and mixins, htmx rendering, errors, signals,
security headers, mail, the audit log."""
