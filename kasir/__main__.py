"""Allow ``python -m kasir``."""

from kasir.cli import main

raise SystemExit(main())
