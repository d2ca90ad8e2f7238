CREATE TYPE "public"."after_fetch" AS ENUM('mark_read', 'delete');--> statement-breakpoint
CREATE TYPE "public"."auto_response_type" AS ENUM('reply', 'reject', 'follow_up', 'reply_new_ticket');--> statement-breakpoint
CREATE TYPE "public"."inbound_status" AS ENUM('new', 'processed', 'duplicate', 'failed');--> statement-breakpoint
CREATE TABLE "auto_responses" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" "auto_response_type" NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"valid" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"raw" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"source" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"message_id" text,
	"body_hash" text NOT NULL,
	"status" "inbound_status" DEFAULT 'new' NOT NULL,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"ticket_id" integer,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mail_accounts" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"host" text NOT NULL,
	"port" integer DEFAULT 993 NOT NULL,
	"tls" boolean DEFAULT true NOT NULL,
	"username" text NOT NULL,
	"password" text NOT NULL,
	"folder" text DEFAULT 'INBOX' NOT NULL,
	"interval_seconds" integer DEFAULT 60 NOT NULL,
	"trusted" boolean DEFAULT false NOT NULL,
	"after_fetch" "after_fetch" DEFAULT 'mark_read' NOT NULL,
	"valid" boolean DEFAULT true NOT NULL,
	"last_polled_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mail_accounts_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "postmaster_filters" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"matches" jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"stop" boolean DEFAULT false NOT NULL,
	"valid" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "postmaster_filters_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "queue_auto_responses" (
	"queue_id" integer NOT NULL,
	"type" "auto_response_type" NOT NULL,
	"auto_response_id" integer NOT NULL,
	CONSTRAINT "queue_auto_responses_queue_id_type_pk" PRIMARY KEY("queue_id","type")
);
--> statement-breakpoint
DROP INDEX "outbox_due_idx";--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "reply_to" text;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "inbound_message_id" bigint;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "kind" text DEFAULT 'reply' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "recipient" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "queues" ADD COLUMN "catch_all" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_auto_responses" ADD CONSTRAINT "queue_auto_responses_queue_id_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."queues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_auto_responses" ADD CONSTRAINT "queue_auto_responses_auto_response_id_auto_responses_id_fk" FOREIGN KEY ("auto_response_id") REFERENCES "public"."auto_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "auto_responses_name_key" ON "auto_responses" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "inbound_messages_pending_idx" ON "inbound_messages" USING btree ("id") WHERE "inbound_messages"."status" = 'new';--> statement-breakpoint
CREATE INDEX "inbound_messages_failed_idx" ON "inbound_messages" USING btree ("id") WHERE "inbound_messages"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "inbound_messages_identity_idx" ON "inbound_messages" USING btree ("message_id","body_hash");--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_inbound_message_id_inbound_messages_id_fk" FOREIGN KEY ("inbound_message_id") REFERENCES "public"."inbound_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_auto_recipient_idx" ON "outbox" USING btree ("recipient","created_at") WHERE "outbox"."kind" like 'auto%';--> statement-breakpoint
CREATE UNIQUE INDEX "queues_catch_all_key" ON "queues" USING btree ("catch_all") WHERE "queues"."catch_all";--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."sent_at" is null and "outbox"."failed_at" is null;--> statement-breakpoint
UPDATE "queues" SET "catch_all" = true WHERE "id" = (SELECT "id" FROM "queues" WHERE lower("name") = 'raw' ORDER BY "id" LIMIT 1);
