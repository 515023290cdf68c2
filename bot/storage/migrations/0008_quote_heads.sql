-- Finding a repeated quote fast: each fact's first 32 characters as compared for repeats
-- (quote_head in bot/core/text.py; bot/storage/database.py fills the column for existing
-- facts). A quote that holds a fact holds that fact's head, so the head index finds it; a
-- fact shorter than the head is found through the second, small index.
ALTER TABLE facts ADD COLUMN quote_head TEXT;
CREATE INDEX facts_quote_head ON facts (quote_head) WHERE deleted = 0;
CREATE INDEX facts_short_quote ON facts (id) WHERE deleted = 0 AND length(quote_head) < 32;
