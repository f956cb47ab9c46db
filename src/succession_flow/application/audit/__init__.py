"""What auditors ask: history, explanations, verification, digests, exports."""
