"""Run `audit verify` in a process of its own and print its figures as JSON, with the peak RSS
of that process alone (as bench/child.py does for the batch)."""

from __future__ import annotations

import json
import sys

from bench.child import peak_rss_kb
from bench.later import audit_verify

if __name__ == "__main__":
    figures = audit_verify(sys.argv[1])
    print(json.dumps({**figures, "max_rss_kb": peak_rss_kb()}))
