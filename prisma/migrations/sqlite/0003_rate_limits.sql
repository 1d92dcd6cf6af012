-- Rate-limit counters shared by replicas (web chat messages, polls and starts; staff logins).
CREATE TABLE "RateCounter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL,
    "resetAt" BIGINT NOT NULL
);
CREATE INDEX "RateCounter_resetAt_idx" ON "RateCounter"("resetAt");
