"""``python -m reusecheck``: the same as the ``reusecheck`` command."""

from reusecheck.cli import main

raise SystemExit(main())
