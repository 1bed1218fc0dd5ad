import type { Project } from '../db/studio-store.js';

/**
 * A project's status, derived from its uploads and tasks (never stored, so it
 * cannot drift from them): "In process" while a task's try-on is queued or
 * running, or some tasks have run and others not yet; "Creating" while a SKU
 * archive is being uploaded; "Completed" once every task has run to its end
 * (completed or failed); "Created" before that.
 */
export function projectStatus(project: Project): 'Creating' | 'Created' | 'In process' | 'Completed' {
  if (project.running > 0) return 'In process';
  if (project.uploading) return 'Creating';
  if (project.tasks > 0 && project.ended === project.tasks) return 'Completed';
  if (project.ended > 0) return 'In process';
  return 'Created';
}
