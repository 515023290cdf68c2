-- The next wake-up is asked for after every reminder run: answer it from small partial
-- indexes instead of scanning every pending delivery and every event.
CREATE INDEX deliveries_retry ON deliveries (retry_at)
    WHERE state = 'pending' AND retry_at IS NOT NULL;
CREATE INDEX events_recurring ON events (next_start)
    WHERE cancelled_at IS NULL AND rule != '' AND ended = 0;
