-- Translations of facts that admins add (!fact translate, or a fact file): one per fact and
-- language, shown labelled as a translation above the verbatim quote. Never checked against
-- the source (only quotes are), but searched like them.
CREATE TABLE fact_translations (
    fact_id INTEGER NOT NULL REFERENCES facts (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    translator TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (fact_id, language)
);

CREATE VIRTUAL TABLE fact_translations_fts USING fts5 (
    text, content = 'fact_translations', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);

CREATE TRIGGER fact_translations_fts_insert AFTER INSERT ON fact_translations BEGIN
    INSERT INTO fact_translations_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER fact_translations_fts_delete AFTER DELETE ON fact_translations BEGIN
    INSERT INTO fact_translations_fts (fact_translations_fts, rowid, text)
        VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER fact_translations_fts_update AFTER UPDATE OF text ON fact_translations BEGIN
    INSERT INTO fact_translations_fts (fact_translations_fts, rowid, text)
        VALUES ('delete', old.rowid, old.text);
    INSERT INTO fact_translations_fts (rowid, text) VALUES (new.rowid, new.text);
END;
