"""A loopback fake of Discord for the unmodified discord.py client."""
