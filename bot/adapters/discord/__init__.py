"""The Discord adapter (discord.py 2.x): imported only when [discord] is configured."""
