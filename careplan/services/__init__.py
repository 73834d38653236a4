"""Use cases: each function takes an open Session; the caller owns the transaction."""
