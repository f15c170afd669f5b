-- The owner's labels of the restaurant's tables, in the owner's order (issue 18: one QR code per table).
-- Checked by the application (1..20 letters, digits, Hangul or hyphens; unique; at most 200).
ALTER TABLE restaurants ADD COLUMN tables text[] NOT NULL DEFAULT '{}';
ALTER TABLE restaurants ADD CONSTRAINT restaurants_tables_bounded CHECK (cardinality(tables) <= 200);
