"""``python -m luoshi`` runs the command line."""

from luoshi.cli import main

main()
