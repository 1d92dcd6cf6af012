import fp from 'fastify-plugin';
import { JobWorker, type JobWorkerOptions } from './worker.js';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobWorker;
  }
}

/**
 * App plugin: the job worker. Plugins register their job kinds with `app.jobs` while the app is
 * built (reminders, retention, erasure); the worker starts when the app is ready and finishes
 * the jobs in flight on close, before the database closes.
 */
export const jobsPlugin = fp<JobWorkerOptions>(
  async (app, options) => {
    const worker = new JobWorker(app.db, app.log.child({ component: 'jobs' }), options);
    app.decorate('jobs', worker);
    app.addHook('onReady', async () => worker.start());
    app.addHook('onClose', async () => worker.stop());
  },
  { name: 'jobs', dependencies: ['db'] },
);
