-- Appointments: the citizen's name (phone and walk-in bookings), the staff member, and the
-- reminder and "I'll come" times.
ALTER TABLE "Appointment" ADD COLUMN "name" TEXT;
ALTER TABLE "Appointment" ADD COLUMN "staffId" TEXT;
ALTER TABLE "Appointment" ADD COLUMN "confirmedAt" DATETIME;
ALTER TABLE "Appointment" ADD COLUMN "reminderSentAt" DATETIME;
CREATE INDEX "Appointment_staffId_idx" ON "Appointment"("staffId");
