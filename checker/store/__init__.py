"""What Untrain keeps on the person's machine: where things live, the config, the history and the
lock that keeps one scan at a time."""
