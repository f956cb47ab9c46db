"""Positions, employees' HR records, imports from HR exports, and roles."""
