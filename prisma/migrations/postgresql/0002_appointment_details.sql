-- Appointments: the citizen's name (phone and walk-in bookings), the staff member, and the
-- reminder and "I'll come" times.
ALTER TABLE "Appointment" ADD COLUMN "name" TEXT;
ALTER TABLE "Appointment" ADD COLUMN "staffId" TEXT;
ALTER TABLE "Appointment" ADD COLUMN "confirmedAt" TIMESTAMP(3);
ALTER TABLE "Appointment" ADD COLUMN "reminderSentAt" TIMESTAMP(3);
CREATE INDEX "Appointment_staffId_idx" ON "Appointment"("staffId");
