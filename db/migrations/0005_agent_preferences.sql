CREATE TABLE "agent_my_queues" (
	"agent_id" integer NOT NULL,
	"queue_id" integer NOT NULL,
	CONSTRAINT "agent_my_queues_agent_id_queue_id_pk" PRIMARY KEY("agent_id","queue_id")
);
--> statement-breakpoint
CREATE TABLE "agent_notification_preferences" (
	"agent_id" integer NOT NULL,
	"event" text NOT NULL,
	"in_app" boolean NOT NULL,
	"email" boolean NOT NULL,
	CONSTRAINT "agent_notification_preferences_agent_id_event_pk" PRIMARY KEY("agent_id","event")
);
--> statement-breakpoint
CREATE TABLE "sign_in_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"login" text NOT NULL,
	"address" text NOT NULL,
	"outcome" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_my_queues" ADD CONSTRAINT "agent_my_queues_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_my_queues" ADD CONSTRAINT "agent_my_queues_queue_id_queues_id_fk" FOREIGN KEY ("queue_id") REFERENCES "public"."queues"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_notification_preferences" ADD CONSTRAINT "agent_notification_preferences_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_my_queues_queue_idx" ON "agent_my_queues" USING btree ("queue_id");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_login_idx" ON "sign_in_attempts" USING btree ("login","created_at");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_address_idx" ON "sign_in_attempts" USING btree ("address","created_at");