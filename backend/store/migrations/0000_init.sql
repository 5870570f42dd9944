CREATE TABLE "analysis_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"failure_id" uuid NOT NULL,
	"check_run_id" uuid,
	"provider" text NOT NULL,
	"model" text,
	"category" text NOT NULL,
	"subcategory" text NOT NULL,
	"root_cause" text NOT NULL,
	"confidence" integer NOT NULL,
	"fix_strategy" jsonb,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"locations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"failed_tests" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"flaky" boolean DEFAULT false NOT NULL,
	"auto_fixable" boolean DEFAULT false NOT NULL,
	"fallback_reason" text,
	"cached" boolean DEFAULT false NOT NULL,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"cost_usd" double precision DEFAULT 0 NOT NULL,
	"prompt_version" text NOT NULL,
	"excerpt_hash" text,
	"decision" text,
	"decision_reason" text,
	"duration_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analysis_results_confidence_check" CHECK (confidence >= 0 and confidence <= 100),
	CONSTRAINT "analysis_results_decision_check" CHECK (decision is null or decision in ('fix', 'review', 'rerun', 'escalate', 'none'))
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"repository_id" uuid,
	"scopes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"correlation_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "check_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"repository_id" uuid NOT NULL,
	"pr_id" uuid,
	"external_id" text NOT NULL,
	"check_name" text NOT NULL,
	"head_sha" text,
	"status" text NOT NULL,
	"conclusion" text,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"log_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "discovery_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"repos_total" integer DEFAULT 0 NOT NULL,
	"repos_ok" integer DEFAULT 0 NOT NULL,
	"repos_failed" integer DEFAULT 0 NOT NULL,
	"failures_reported" integer DEFAULT 0 NOT NULL,
	"rest_requests" integer DEFAULT 0 NOT NULL,
	"graphql_points" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "failure_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"repository_id" uuid NOT NULL,
	"pr_id" uuid,
	"check_run_id" uuid,
	"run_id" bigint NOT NULL,
	"run_attempt" integer NOT NULL,
	"job_id" bigint NOT NULL,
	"job_name" text NOT NULL,
	"workflow" text NOT NULL,
	"event" text NOT NULL,
	"head_sha" text NOT NULL,
	"head_ref" text,
	"base_sha" text,
	"base_ref" text,
	"pr_number" integer,
	"failed_steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"changed_files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"excerpt" jsonb NOT NULL,
	"excerpt_stats" jsonb NOT NULL,
	"source" text DEFAULT 'action' NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"correlation_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "failure_reports_source_check" CHECK (source in ('action', 'discovery', 'cli')),
	CONSTRAINT "failure_reports_status_check" CHECK (status in ('received', 'analyzing', 'analyzed', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "fix_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"analysis_id" uuid NOT NULL,
	"repository_id" uuid NOT NULL,
	"pr_number" integer,
	"head_sha" text,
	"idempotency_key" text NOT NULL,
	"status" text NOT NULL,
	"commit_sha" text,
	"error_message" text,
	"validation_results" jsonb,
	"diff_stat" jsonb,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"cost_usd" double precision DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fix_attempts_status_check" CHECK (status in ('queued', 'running', 'validated', 'failed', 'pushed', 'escalated', 'refused')),
	CONSTRAINT "fix_attempts_commit_sha_check" CHECK (commit_sha is null or length(commit_sha) = 40)
);
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"response_status" integer,
	"external_id" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "notification_deliveries_channel_check" CHECK (channel in ('slack', 'webhook', 'pr_comment')),
	CONSTRAINT "notification_deliveries_status_check" CHECK (status in ('pending', 'delivered', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "pull_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"repository_id" uuid NOT NULL,
	"pr_number" integer NOT NULL,
	"title" text NOT NULL,
	"author" text NOT NULL,
	"branch" text NOT NULL,
	"base_branch" text,
	"head_sha" text,
	"head_repo_full_name" text,
	"is_fork" boolean DEFAULT false NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_checked_at" timestamp with time zone,
	CONSTRAINT "pull_requests_state_check" CHECK (state in ('open', 'closed', 'merged')),
	CONSTRAINT "pull_requests_number_check" CHECK (pr_number > 0)
);
--> statement-breakpoint
CREATE TABLE "queue_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"result" jsonb,
	"last_error" text,
	"correlation_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "queue_jobs_status_check" CHECK (status in ('running', 'completed', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "repositories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"github_id" bigint,
	"owner" text NOT NULL,
	"name" text NOT NULL,
	"full_name" text NOT NULL,
	"url" text NOT NULL,
	"default_branch" text DEFAULT 'main' NOT NULL,
	"configuration" jsonb,
	"priority" text DEFAULT 'normal' NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"last_report_at" timestamp with time zone,
	"last_checked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repositories_priority_check" CHECK (priority in ('critical', 'high', 'normal', 'low'))
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pr_id" uuid NOT NULL,
	"head_sha" text NOT NULL,
	"reviewer_name" text NOT NULL,
	"provider" text NOT NULL,
	"decision" text NOT NULL,
	"confidence" integer NOT NULL,
	"comments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"focus_areas" text[] DEFAULT '{}'::text[] NOT NULL,
	"github_review_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reviews_decision_check" CHECK (decision in ('APPROVE', 'COMMENT', 'REQUEST_CHANGES')),
	CONSTRAINT "reviews_confidence_check" CHECK (confidence >= 0 and confidence <= 100)
);
--> statement-breakpoint
ALTER TABLE "analysis_results" ADD CONSTRAINT "analysis_results_failure_id_failure_reports_id_fk" FOREIGN KEY ("failure_id") REFERENCES "public"."failure_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_results" ADD CONSTRAINT "analysis_results_check_run_id_check_runs_id_fk" FOREIGN KEY ("check_run_id") REFERENCES "public"."check_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_runs" ADD CONSTRAINT "check_runs_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "check_runs" ADD CONSTRAINT "check_runs_pr_id_pull_requests_id_fk" FOREIGN KEY ("pr_id") REFERENCES "public"."pull_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "failure_reports" ADD CONSTRAINT "failure_reports_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "failure_reports" ADD CONSTRAINT "failure_reports_pr_id_pull_requests_id_fk" FOREIGN KEY ("pr_id") REFERENCES "public"."pull_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "failure_reports" ADD CONSTRAINT "failure_reports_check_run_id_check_runs_id_fk" FOREIGN KEY ("check_run_id") REFERENCES "public"."check_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fix_attempts" ADD CONSTRAINT "fix_attempts_analysis_id_analysis_results_id_fk" FOREIGN KEY ("analysis_id") REFERENCES "public"."analysis_results"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fix_attempts" ADD CONSTRAINT "fix_attempts_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pull_requests" ADD CONSTRAINT "pull_requests_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_pr_id_pull_requests_id_fk" FOREIGN KEY ("pr_id") REFERENCES "public"."pull_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "analysis_results_failure_key" ON "analysis_results" USING btree ("failure_id");--> statement-breakpoint
CREATE INDEX "analysis_results_created_idx" ON "analysis_results" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "check_runs_repo_external_key" ON "check_runs" USING btree ("repository_id","external_id");--> statement-breakpoint
CREATE INDEX "check_runs_pr_idx" ON "check_runs" USING btree ("pr_id");--> statement-breakpoint
CREATE UNIQUE INDEX "failure_reports_identity_key" ON "failure_reports" USING btree ("repository_id","run_id","job_id","run_attempt");--> statement-breakpoint
CREATE INDEX "failure_reports_repo_created_idx" ON "failure_reports" USING btree ("repository_id","created_at");--> statement-breakpoint
CREATE INDEX "failure_reports_pr_idx" ON "failure_reports" USING btree ("pr_id");--> statement-breakpoint
CREATE UNIQUE INDEX "fix_attempts_idempotency_key" ON "fix_attempts" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "fix_attempts_analysis_idx" ON "fix_attempts" USING btree ("analysis_id");--> statement-breakpoint
CREATE INDEX "fix_attempts_repo_sha_idx" ON "fix_attempts" USING btree ("repository_id","head_sha");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_dedupe_key" ON "notification_deliveries" USING btree ("dedupe_key");--> statement-breakpoint
CREATE UNIQUE INDEX "pull_requests_repo_number_key" ON "pull_requests" USING btree ("repository_id","pr_number");--> statement-breakpoint
CREATE INDEX "pull_requests_state_idx" ON "pull_requests" USING btree ("repository_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "repositories_full_name_key" ON "repositories" USING btree ("full_name");--> statement-breakpoint
CREATE UNIQUE INDEX "repositories_github_id_key" ON "repositories" USING btree ("github_id");--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_pr_sha_reviewer_key" ON "reviews" USING btree ("pr_id","head_sha","reviewer_name");