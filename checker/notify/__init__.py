"""After a scan and between scans: alerts, and the schedule that runs a scan by itself."""
