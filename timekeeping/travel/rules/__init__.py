"""Plain-Python rules of travel costs: no ORM, no HTTP; table-tested."""
