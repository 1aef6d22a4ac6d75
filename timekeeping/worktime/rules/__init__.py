"""Plain-Python rules of the working day: no ORM, no HTTP; table-tested."""
