"""Read-side questions: finding candidates, views, overdue, bench strength."""
