"""Talent plans as HR writes them: goals, tasks, budgets, validated with file, line and field."""
