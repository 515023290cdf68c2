"""Events and reminders: the database is the schedule; each reminder is delivered once."""
