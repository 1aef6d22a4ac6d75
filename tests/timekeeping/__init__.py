"""What spans the three timekeeping apps: their permission table, and the state-machine base of the invariants."""
