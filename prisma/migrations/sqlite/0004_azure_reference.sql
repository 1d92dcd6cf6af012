-- Azure Bot Service: the Bot Framework ConversationReference (JSON) of a channel identity, kept so
-- the outbox can reach the citizen later through the Bot Connector service.
ALTER TABLE "ContactInbox" ADD COLUMN "reference" TEXT;
