"""Facts, topics and sources: the records, the store, and the rules that keep them right."""
