"""Plain-Python domain rules of time and leave: no ORM, no HTTP; table-tested."""
