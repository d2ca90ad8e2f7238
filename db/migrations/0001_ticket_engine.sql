CREATE TYPE "public"."link_kind" AS ENUM('normal', 'parent_child');--> statement-breakpoint
CREATE TYPE "public"."template_kind" AS ENUM('answer', 'create', 'email', 'forward', 'note', 'phone', 'snippet');--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"agent_id" integer NOT NULL,
	"ticket_id" integer,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"ticket_id" integer NOT NULL,
	"article_id" integer,
	"message_id" text NOT NULL,
	"message" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_message_id_unique" UNIQUE("message_id")
);
--> statement-breakpoint
CREATE TABLE "template_queues" (
	"template_id" integer NOT NULL,
	"queue_id" integer NOT NULL,
	CONSTRAINT "template_queues_template_id_queue_id_pk" PRIMARY KEY("template_id","queue_id")
);
--> statement-breakpoint
CREATE TABLE "templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" "template_kind" DEFAULT 'answer' NOT NULL,
	"body" text NOT NULL,
	"valid" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_counters" (
	"day" text PRIMARY KEY NOT NULL,
	"value" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"source_ticket_id" integer NOT NULL,
	"target_ticket_id" integer NOT NULL,
	"kind" "link_kind" DEFAULT 'normal' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_links_key" UNIQUE("source_ticket_id","target_ticket_id","kind")
);
--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_state_ticket_states_name_fk";--> statement-breakpoint
ALTER TABLE "ticket_states" ADD CONSTRAINT "ticket_states_name_type_key" UNIQUE("name","type");
--> statement-breakpoint
DROP INDEX "tickets_queue_state_idx";--> statement-breakpoint
DROP INDEX "tickets_owner_idx";--> statement-breakpoint
DROP INDEX "tickets_customer_idx";--> statement-breakpoint
ALTER TABLE "ticket_history" ADD COLUMN "changes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_history" ADD COLUMN "snapshot" jsonb;--> statement-breakpoint
UPDATE "ticket_history" SET "snapshot" = '{}'::jsonb;--> statement-breakpoint
ALTER TABLE "ticket_history" ALTER COLUMN "snapshot" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_history" ADD COLUMN "data" jsonb;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "state_type" "state_type";--> statement-breakpoint
UPDATE "tickets" SET "state_type" = "ticket_states"."type" FROM "ticket_states" WHERE "ticket_states"."name" = "tickets"."state";--> statement-breakpoint
ALTER TABLE "tickets" ALTER COLUMN "state_type" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "reminder_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "search_vector" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_queues" ADD CONSTRAINT "template_queues_template_id_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_queues" ADD CONSTRAINT "template_queues_queue_id_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."queues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_source_ticket_id_tickets_id_fk" FOREIGN KEY ("source_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_target_ticket_id_tickets_id_fk" FOREIGN KEY ("target_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_created_by_agents_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."agents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_agent_idx" ON "notifications" USING btree ("agent_id","id");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."sent_at" is null;--> statement-breakpoint
CREATE INDEX "template_queues_queue_idx" ON "template_queues" USING btree ("queue_id");--> statement-breakpoint
CREATE UNIQUE INDEX "templates_name_key" ON "templates" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "ticket_links_target_idx" ON "ticket_links" USING btree ("target_ticket_id");--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_state_fkey" FOREIGN KEY ("state","state_type") REFERENCES "public"."ticket_states"("name","type") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tickets_open_by_age_idx" ON "tickets" USING btree ("queue_id","created_at","id") WHERE "tickets"."state_type" not in ('closed', 'merged');--> statement-breakpoint
CREATE INDEX "tickets_open_by_priority_idx" ON "tickets" USING btree ("queue_id","priority" DESC NULLS LAST,"created_at","id") WHERE "tickets"."state_type" not in ('closed', 'merged');--> statement-breakpoint
CREATE INDEX "tickets_open_counts_idx" ON "tickets" USING btree ("queue_id","state_type","lock") WHERE "tickets"."state_type" not in ('closed', 'merged');--> statement-breakpoint
CREATE INDEX "tickets_queue_by_age_idx" ON "tickets" USING btree ("queue_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_open_all_by_age_idx" ON "tickets" USING btree ("created_at","id") WHERE "tickets"."state_type" not in ('closed', 'merged');--> statement-breakpoint
CREATE INDEX "tickets_search_idx" ON "tickets" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "tickets_locked_activity_idx" ON "tickets" USING btree ("owner_activity_at") WHERE "tickets"."lock" = 'locked';--> statement-breakpoint
CREATE INDEX "tickets_pending_until_idx" ON "tickets" USING btree ("pending_until") WHERE "tickets"."state_type" in ('pending_reminder', 'pending_auto');--> statement-breakpoint
CREATE INDEX "tickets_owner_idx" ON "tickets" USING btree ("owner_id") WHERE "tickets"."state_type" not in ('closed', 'merged');--> statement-breakpoint
CREATE INDEX "tickets_customer_idx" ON "tickets" USING btree ("customer_id","created_at");