"""``python -m reusecheck``: the same as the ``reusecheck`` command."""

from reusecheck.console import main

raise SystemExit(main())
