"""Turn a Reply into text for each platform: plain, Markdown, Matrix HTML, Discord embeds."""
