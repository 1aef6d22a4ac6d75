"""Plain-Python rules of leave and absences: no ORM, no HTTP; table-tested."""
