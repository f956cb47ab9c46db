"""The test harness: a store on each backend and a company in it, shared by every test module.

`tests/conftest.py` exposes its fixtures; `docs/testing.md` says how a module uses them.
"""
