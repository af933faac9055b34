CREATE TABLE "books" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"authors" text[] NOT NULL,
	"isbn" varchar(13),
	"published_year" integer,
	"language" varchar(2),
	"page_count" integer,
	"description" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"author_keys" text[] NOT NULL,
	"search_text" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "books_isbn_key" ON "books" USING btree ("isbn");--> statement-breakpoint
CREATE INDEX "books_created_at_id_idx" ON "books" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "books_title_sort_idx" ON "books" USING btree (lower("title"),"id");--> statement-breakpoint
CREATE INDEX "books_published_year_sort_idx" ON "books" USING btree (coalesce("published_year", -2147483648),"id");--> statement-breakpoint
CREATE INDEX "books_language_idx" ON "books" USING btree ("language");--> statement-breakpoint
CREATE INDEX "books_tags_idx" ON "books" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "books_author_keys_idx" ON "books" USING gin ("author_keys");--> statement-breakpoint
CREATE INDEX "books_search_text_trgm_idx" ON "books" USING gin ("search_text" gin_trgm_ops);