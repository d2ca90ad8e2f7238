-- A raw message is stored as it is, never compressed: mostly base64 and quoted-printable, it
-- seldom shrinks by the quarter pglz requires, yet pglz works through all of it before giving
-- up — about 4 ms of the database's CPU per 200 KB message (measured), a tenth of the budget.
ALTER TABLE "inbound_messages" ALTER COLUMN "raw" SET STORAGE EXTERNAL;
