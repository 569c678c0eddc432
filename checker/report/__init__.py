"""Report writers: terminal (rich), JSON (versioned), Markdown, HTML. One module per format; labels.py
holds the status words they share."""
