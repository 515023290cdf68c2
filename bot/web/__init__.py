"""The web face: public pages, quote cards, calendar feeds and the admin editor (aiohttp)."""
