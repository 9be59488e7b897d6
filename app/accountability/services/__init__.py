"""The follow-up's services, one module per noun: follow-ups and their tracking, milestones,
updates and photos, the overview, the history, CSV imports, followers and ratings."""
