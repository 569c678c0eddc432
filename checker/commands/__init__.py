"""One module per `untrain` subcommand, each with `register(subparsers)`."""
