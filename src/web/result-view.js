/**
 * The result panel: live progress while a job runs, then the before/after
 * comparison, the download link and the stage timings.
 */
import { setupCompare } from './compare.js';
import { qualityLine } from './messages.js';

const STAGES = {
  decode: 'Reading the photos',
  pose: 'Finding the pose',
  matte: 'Separating the person',
  garment_analysis: 'Analysing the garment',
  warp: 'Fitting the garment',
  composite: 'Composing the result',
  verdict: 'Judging the result',
  encode: 'Saving the result',
};

const $ = (selector) => document.querySelector(selector);

/** Stage timings in pipeline order (the order of STAGES); stages this page does not know go last. */
function stagesInOrder(timings = {}) {
  const order = Object.keys(STAGES);
  const rank = (stage) => (order.includes(stage) ? order.indexOf(stage) : order.length);
  return Object.entries(timings).sort(([a], [b]) => rank(a) - rank(b));
}

export function createResultView() {
  const compare = setupCompare($('#compare'));
  let resultUrl; // object URL of the shown result, revoked when replaced

  function showProgress(job, label) {
    const last = stagesInOrder(job.stage_timings).at(-1)?.[0];
    const text =
      label ?? (job.status === 'queued' ? 'Waiting in the queue' : last ? `${STAGES[last] ?? last} ✓` : 'Starting');
    $('#progress').hidden = false;
    $('#progress-label').textContent = text;
    $('#progress-percent').textContent = `${job.progress}%`;
    $('.bar').setAttribute('aria-valuenow', String(job.progress));
    $('.bar-fill').style.width = `${job.progress}%`;
  }

  function renderTimings(job) {
    const list = $('#timings');
    list.replaceChildren();
    const rows = stagesInOrder(job.stage_timings).map(([stage, ms]) => [STAGES[stage] ?? stage, `${ms} ms`]);
    if (job.finished_at) {
      const total = new Date(job.finished_at).getTime() - new Date(job.created_at).getTime();
      rows.push(['Total, with queue and upload', `${(total / 1000).toFixed(2)} s`]);
    }
    for (const [name, value] of rows) {
      const term = document.createElement('dt');
      term.textContent = name;
      const detail = document.createElement('dd');
      detail.textContent = value;
      list.append(term, detail);
    }
  }

  return {
    showProgress,
    hideProgress() {
      $('#progress').hidden = true;
    },
    /** A job is starting: the frame stays, saying so. */
    clear() {
      $('#outcome').hidden = true;
      $('#placeholder').hidden = false;
      $('#placeholder').textContent = 'Working on your try-on…';
      $('#placeholder').classList.add('busy');
    },
    showPlaceholder() {
      $('#outcome').hidden = true;
      $('#placeholder').hidden = false;
      $('#placeholder').textContent = 'Your try-on appears here.';
      $('#placeholder').classList.remove('busy');
    },
    /** The result blob beside the person photo (its URL; the result itself when unknown). */
    showResult(job, blob, beforeUrl) {
      if (resultUrl) URL.revokeObjectURL(resultUrl);
      resultUrl = URL.createObjectURL(blob);
      $('#after-image').src = resultUrl;
      $('#before-image').src = beforeUrl ?? resultUrl;
      compare.reset();
      const download = $('#download');
      download.href = resultUrl;
      download.download = `drape-${job.id}.${job.result.format === 'jpeg' ? 'jpg' : job.result.format}`;
      $('#outcome-meta').textContent = [`${job.result.width} × ${job.result.height} ${job.result.format.toUpperCase()}`, job.engine && `on ${job.engine}`]
        .filter(Boolean)
        .join(' · ');
      const quality = $('#quality');
      quality.textContent = qualityLine(job.result.quality);
      quality.hidden = !job.result.quality;
      quality.classList.toggle('poor', job.status === 'failed');
      renderTimings(job);
      $('#placeholder').hidden = true;
      $('#placeholder').classList.remove('busy');
      $('#outcome').hidden = false;
      $('#live').textContent = job.status === 'completed' ? 'The try-on is ready.' : 'The try-on did not pass the quality check.';
    },
  };
}
