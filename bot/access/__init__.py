"""Who may open the web face's private parts: login links, sessions and the calendar key."""
