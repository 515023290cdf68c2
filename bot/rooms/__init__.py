"""What the group sets per room or channel: the language the bot speaks there."""
