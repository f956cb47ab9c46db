"""Positions, employees' HR records, imports from HR exports, roles, and the console's users
and API tokens."""
