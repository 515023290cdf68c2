-- The token of the claim a 'sending' delivery is under: only that claim may mark it
-- sent, failed or pending again, so a process that lost its claim never touches the row.
ALTER TABLE deliveries ADD COLUMN claim TEXT;
