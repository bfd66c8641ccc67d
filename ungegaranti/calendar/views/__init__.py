"""Pages of the calendar app: the wheel and its items, events, feeds."""
