-- Find the event of a post the bot sent (a reaction names only the message).
CREATE INDEX deliveries_message ON deliveries (platform, message_id);
