"""Report writers: terminal (rich), JSON (versioned), Markdown. One module per format."""
