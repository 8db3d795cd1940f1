"""The ``tourlink`` command line (Typer + Rich); it reaches storage only through bootstrap."""
