-- The outbox claim orders by (next_attempt_at, id) and takes a batch: with both columns in the
-- index, it reads the batch's rows in order and stops, where it read and sorted every due row —
-- the whole backlog, for every batch, when mail goes out slower than it comes in.
DROP INDEX "outbox_due_idx";--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("next_attempt_at","id") WHERE "outbox"."sent_at" is null and "outbox"."failed_at" is null;