/** The team's recent jobs as a grid of thumbnails; each opens in the result panel. */
const STATUS_TEXT = {
  queued: 'Queued',
  processing: 'Working',
  completed: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
};

export function renderRecentJobs(list, empty, jobs, onOpen) {
  list.replaceChildren();
  empty.hidden = jobs.length > 0;
  for (const job of jobs) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'recent-item';
    button.dataset.jobId = job.id;
    const when = new Date(job.created_at);
    const label = `${STATUS_TEXT[job.status] ?? job.status}, ${when.toLocaleString()}`;
    button.setAttribute('aria-label', `Job ${job.id}: ${label}`);
    const src = job.result?.image_url ?? job.input?.urls?.person ?? null;
    const figure = document.createElement('span');
    figure.className = 'recent-thumb';
    if (src) {
      const img = document.createElement('img');
      img.src = src;
      img.alt = '';
      img.loading = 'lazy';
      figure.append(img);
    }
    const status = document.createElement('span');
    status.className = `badge badge-${job.status}`;
    status.textContent = STATUS_TEXT[job.status] ?? job.status;
    const time = document.createElement('time');
    time.dateTime = job.created_at;
    time.textContent = when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    const meta = document.createElement('span');
    meta.className = 'recent-meta';
    meta.append(status, time);
    button.append(figure, meta);
    button.addEventListener('click', () => onOpen(job));
    item.append(button);
    list.append(item);
  }
}
