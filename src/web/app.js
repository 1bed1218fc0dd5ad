/**
 * The playground: key, photos, options, submit, live progress, result,
 * recent jobs. Plain ES modules served as they are: no build step.
 */
import { ApiError, createApi, fetchBlob } from './api.js';
import { setupCompare } from './compare.js';
import { createSlot } from './drop-slot.js';
import { CLIENT_MESSAGES, messageFor } from './messages.js';
import { renderRecentJobs } from './recent-jobs.js';

const KEY_STORAGE = 'drape.apiKey';
/** Poll often enough that the bar moves smoothly (a job takes ~1–3 s on the built-in engine). */
const POLL_MS = 400;
const TERMINAL = ['completed', 'failed', 'canceled'];
const STAGES = {
  decode: 'Reading the photos',
  pose: 'Finding the pose',
  matte: 'Separating the person',
  garment_analysis: 'Analysing the garment',
  warp: 'Fitting the garment',
  composite: 'Composing the result',
  encode: 'Saving the result',
};

const $ = (selector) => document.querySelector(selector);
const keyInput = $('#api-key');
const keyStatus = $('#key-status');
const api = createApi(() => keyInput.value.trim());
const compare = setupCompare($('#compare'));
const slots = {
  person: createSlot($('.drop[data-slot=person]'), { onError: showClientError }),
  garment: createSlot($('.drop[data-slot=garment]'), { onError: showClientError }),
};
let following; // the job id whose progress is shown
let resultUrl; // object URL of the shown result, revoked when replaced

// ---- key -------------------------------------------------------------
keyInput.value = localStorage.getItem(KEY_STORAGE) ?? '';
$('#key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = keyInput.value.trim();
  if (key) localStorage.setItem(KEY_STORAGE, key);
  else localStorage.removeItem(KEY_STORAGE);
  keyInput.removeAttribute('aria-invalid');
  keyStatus.textContent = key ? 'Saved in this browser.' : 'Key removed from this browser.';
  void loadAccount();
  void loadRecent();
});
$('#key-toggle').addEventListener('click', (event) => {
  const showing = keyInput.type === 'text';
  keyInput.type = showing ? 'password' : 'text';
  event.currentTarget.textContent = showing ? 'Show' : 'Hide';
  event.currentTarget.setAttribute('aria-pressed', String(!showing));
});

async function loadAccount() {
  try {
    const account = await api.account();
    const parts = [account.team?.name, account.credits == null ? undefined : `${account.credits} credits`];
    const text = parts.filter(Boolean).join(' · ');
    if (text) keyStatus.textContent = text;
  } catch {
    // Servers without accounts have no /v1/account; a bad key shows up when it is used.
  }
}

// ---- photos: paste and examples --------------------------------------
document.addEventListener('paste', (event) => {
  const file = [...(event.clipboardData?.files ?? [])].find((item) => item.type.startsWith('image/'));
  if (!file) return;
  event.preventDefault();
  // Into the slot that has focus, else the first empty one.
  const focused = Object.values(slots).find((slot) => slot.root.contains(document.activeElement));
  const target = focused ?? (slots.person.value ? slots.garment : slots.person);
  target.set(file, file.name === 'image.png' ? `pasted-${Date.now()}.png` : file.name);
});

async function loadExamples() {
  let examples;
  try {
    examples = await api.examples();
  } catch {
    return;
  }
  if (examples.persons.length === 0 && examples.garments.length === 0) return;
  fillExamples($('#example-persons'), examples.persons, slots.person, 'person');
  fillExamples($('#example-garments'), examples.garments, slots.garment, 'garment');
  $('#examples').hidden = false;
}

function fillExamples(grid, photos, slot, kind) {
  for (const photo of photos) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'example';
    button.setAttribute('role', 'listitem');
    button.dataset.name = photo.name;
    button.setAttribute('aria-label', `Use example ${kind} ${photo.name}${photo.category ? ` (${photo.category})` : ''}`);
    const img = document.createElement('img');
    img.src = photo.url;
    img.alt = '';
    img.loading = 'lazy';
    button.append(img);
    button.addEventListener('click', async () => {
      try {
        slot.set(await fetchBlob(photo.url), photo.name);
        if (kind === 'garment' && photo.category) $('#category').value = photo.category;
      } catch (error) {
        showError(error);
      }
    });
    grid.append(button);
  }
}

// ---- submit and follow ----------------------------------------------
$('#tryon-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  hideError();
  const person = slots.person.value;
  const garment = slots.garment.value;
  if (!person) return showClientError('missing_person', slots.person);
  if (!garment) return showClientError('missing_garment', slots.garment);
  const form = new FormData();
  form.append('person_image', person.blob, person.name);
  form.append('garment_image', garment.blob, garment.name);
  form.append('category', $('#category').value);
  form.append('preset', $('#preset').value);
  form.append('output_format', $('#output-format').value);
  form.append('result_background', $('#result-background').value);
  form.append('preserve_hands', String($('#preserve-hands').checked));
  form.append('preserve_feet', String($('#preserve-feet').checked));
  setBusy(true);
  showProgress({ status: 'queued', progress: 0, stage_timings: {} }, 'Uploading');
  try {
    const job = await api.tryOn(form);
    void loadRecent();
    await follow(job, person.url);
  } catch (error) {
    $('#progress').hidden = true;
    showError(error);
  } finally {
    setBusy(false);
  }
});

$('#cancel').addEventListener('click', async () => {
  if (!following) return;
  try {
    await api.cancel(following);
  } catch (error) {
    showError(error);
  }
});

async function follow(initial, beforeUrl) {
  let job = initial;
  following = job.id;
  $('#outcome').hidden = true;
  $('#placeholder').hidden = true;
  while (!TERMINAL.includes(job.status)) {
    showProgress(job);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (following !== initial.id) return; // another job was opened meanwhile
    job = await api.job(job.id);
  }
  if (following !== initial.id) return;
  following = undefined;
  $('#progress').hidden = true;
  await showJob(job, beforeUrl);
  void loadRecent();
}

function showProgress(job, label) {
  const stages = Object.keys(job.stage_timings ?? {});
  const last = stages.at(-1);
  const text =
    label ?? (job.status === 'queued' ? 'Waiting in the queue' : last ? `${STAGES[last] ?? last} ✓` : 'Starting');
  $('#progress').hidden = false;
  $('#progress-label').textContent = text;
  $('#progress-percent').textContent = `${job.progress}%`;
  $('.bar').setAttribute('aria-valuenow', String(job.progress));
  $('.bar-fill').style.width = `${job.progress}%`;
}

async function showJob(job, beforeUrl) {
  hideError();
  if (job.status !== 'completed') {
    $('#outcome').hidden = true;
    $('#placeholder').hidden = false;
    const code = job.error?.code ?? 'canceled';
    showError(new ApiError(0, code, job.error?.message ?? 'The job was canceled.'));
    return;
  }
  if (!job.result?.image_url) {
    showError(new ApiError(404, 'not_found', 'The result was deleted after the retention period.'));
    return;
  }
  const blob = await fetchBlob(job.result.image_url);
  if (resultUrl) URL.revokeObjectURL(resultUrl);
  resultUrl = URL.createObjectURL(blob);
  $('#after-image').src = resultUrl;
  const before = beforeUrl ?? job.input?.urls?.person;
  $('#before-image').src = before ?? resultUrl;
  compare.reset();
  const download = $('#download');
  download.href = resultUrl;
  download.download = `drape-${job.id}.${job.result.format === 'jpeg' ? 'jpg' : job.result.format}`;
  $('#outcome-meta').textContent = `${job.result.width} × ${job.result.height} ${job.result.format.toUpperCase()}`;
  renderTimings(job);
  $('#placeholder').hidden = true;
  $('#outcome').hidden = false;
  $('#live').textContent = 'The try-on is ready.';
}

function renderTimings(job) {
  const list = $('#timings');
  list.replaceChildren();
  const rows = Object.entries(job.stage_timings).map(([stage, ms]) => [STAGES[stage] ?? stage, `${ms} ms`]);
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

// ---- recent jobs -----------------------------------------------------
async function loadRecent() {
  try {
    const page = await api.jobs();
    renderRecentJobs($('#recent-list'), $('#recent-empty'), page.data, openJob);
  } catch (error) {
    renderRecentJobs($('#recent-list'), $('#recent-empty'), [], openJob);
    $('#recent-empty').textContent = error instanceof ApiError ? messageFor(error.code) : 'Could not load jobs.';
  }
}
$('#refresh-jobs').addEventListener('click', () => void loadRecent());

async function openJob(job) {
  following = undefined;
  hideError();
  $('#result-title').scrollIntoView({ behavior: 'smooth', block: 'start' });
  try {
    if (TERMINAL.includes(job.status)) await showJob(job);
    else await follow(job);
  } catch (error) {
    showError(error);
  }
}

// ---- errors ----------------------------------------------------------
function showError(error) {
  const code = error instanceof ApiError ? error.code : 'network';
  const title = code === 'network' ? CLIENT_MESSAGES.network : messageFor(code);
  const detail = error instanceof ApiError && error.message && code !== 'network' ? `${error.message} (${code})` : '';
  const box = $('#error');
  box.dataset.code = code;
  box.querySelector('.error-title').textContent = title;
  box.querySelector('.error-detail').textContent = detail;
  box.hidden = false;
  if (code === 'invalid_auth_token' || code === 'forbidden') keyInput.setAttribute('aria-invalid', 'true');
}

function showClientError(kind, slot) {
  const box = $('#error');
  box.dataset.code = kind;
  box.querySelector('.error-title').textContent = CLIENT_MESSAGES[kind];
  box.querySelector('.error-detail').textContent = '';
  box.hidden = false;
  slot?.focus();
}

function hideError() {
  $('#error').hidden = true;
}

function setBusy(busy) {
  const button = $('#submit');
  button.disabled = busy;
  button.textContent = busy ? 'Working…' : 'Try it on';
  $('#cancel').hidden = !busy;
}

void loadAccount();
void loadExamples();
void loadRecent();
