"""``python -m ungegaranti.placement``: the allocation engine's command line (no Django)."""

from ungegaranti.placement.engine.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
