-- Rate-limit counters shared by replicas (web chat messages, polls and starts; staff logins).
CREATE TABLE "RateCounter" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "resetAt" BIGINT NOT NULL,

    CONSTRAINT "RateCounter_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "RateCounter_resetAt_idx" ON "RateCounter"("resetAt");
