"""One module per `review` subcommand that does more than call one function (cli.py dispatches to them)."""
