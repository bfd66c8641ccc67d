"""What the plan tells the layers above it without importing them (decision 0007's layers)."""

from django.dispatch import Signal

# Sent inside destination_statement_set's transaction, with `statement` and `acting_user`:
# a receiver that raises undoes the statement too.
destination_statement_made = Signal()
