import fp from 'fastify-plugin';
import { AppointmentService } from './service.js';
import { REMINDER_JOB, reminderHandler } from './reminders.js';
import { holidayOverrides, useHolidaysFrom } from './holidays-content.js';

declare module 'fastify' {
  interface FastifyInstance {
    appointments: AppointmentService;
  }
}

/**
 * App plugin: the appointment service (staff routes use it) and the reminder job, sent
 * through the conversation core in the citizen's channel and language.
 */
export const appointmentsPlugin = fp<{ contentDir?: string | undefined }>(
  async (app, { contentDir }) => {
    // content/holidays.yaml is validated here: a bad date stops start-up with file, path and reason.
    useHolidaysFrom(contentDir);
    holidayOverrides();
    app.decorate('appointments', new AppointmentService(app.db, app.content));
    app.jobs.register(REMINDER_JOB, reminderHandler(app.db, app.content, (conversationId, replies) => app.core.say(conversationId, replies)));
  },
  { name: 'appointments', dependencies: ['db', 'content', 'core', 'jobs'] },
);
