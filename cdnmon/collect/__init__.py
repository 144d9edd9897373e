"""The headless collector (``cdnmon collect``): its config file, Prometheus's /metrics,
remote-write, and OpenMetrics files for backfilling a Prometheus. No Qt here."""
