"""The engine: opening a browser session, walking a scenario's steps, finding, guarding, settling
and reading controls with the in-page modules of extension/lib/, and running a scan."""
