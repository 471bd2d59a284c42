"""``python -m normtools`` runs the command line."""

from normtools.cli import main

raise SystemExit(main())
