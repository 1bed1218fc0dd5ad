/**
 * The playground: key, photos, options, submit, live progress, result,
 * recent jobs. Plain ES modules served as they are: no build step.
 */
import { ApiError, createApi, fetchBlob } from './api.js';
import { createSlot } from './drop-slot.js';
import { CLIENT_MESSAGES, messageFor } from './messages.js';
import { renderRecentJobs } from './recent-jobs.js';
import { createResultView } from './result-view.js';

const KEY_STORAGE = 'drape.apiKey';
/** Poll often enough that the bar moves smoothly (a job takes ~1–3 s on the built-in engine). */
const POLL_MS = 400;
const TERMINAL = ['completed', 'failed', 'canceled'];

const $ = (selector) => document.querySelector(selector);
const keyInput = $('#api-key');
const keyStatus = $('#key-status');
const api = createApi(() => keyInput.value.trim());
const view = createResultView();
const slots = {
  person: createSlot($('.drop[data-slot=person]'), { onError: showClientError }),
  garment: createSlot($('.drop[data-slot=garment]'), { onError: showClientError }),
};
let following; // the job id whose progress is shown

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
  void loadEngines();
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
    const parts = [account.team?.name, account.credits == null ? undefined : `${Number(account.credits).toLocaleString()} credits`];
    const text = parts.filter(Boolean).join(' · ');
    if (text) keyStatus.textContent = text;
  } catch {
    // Servers without accounts have no /v1/account; a bad key shows up when it is used.
  }
}

/**
 * The engine choice: the server's try-on engines in routing order (GET
 * /v1/engines). "Automatic" lets routing pick; one that is down now is shown
 * but cannot be chosen. Hidden when the server has a single engine.
 */
async function loadEngines() {
  const select = $('#engine');
  let engines;
  try {
    engines = (await api.engines()).data.filter((engine) => engine.operations.includes('tryon'));
  } catch {
    return; // No key yet, or an older server: routing picks.
  }
  const chosen = select.value;
  select.replaceChildren(new Option('Automatic', ''));
  for (const engine of engines) {
    const down = engine.available === false;
    const option = new Option(`${engine.name} (${engine.kind})${down ? ' · unavailable' : ''}`, engine.name);
    option.disabled = down;
    option.title = engine.capabilities.length > 0 ? `Capabilities: ${engine.capabilities.join(', ')}` : '';
    select.append(option);
  }
  select.value = engines.some((engine) => engine.name === chosen && engine.available !== false) ? chosen : '';
  $('#engine-field').hidden = engines.length < 2;
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
    button.dataset.name = photo.name;
    button.setAttribute('aria-label', `Use example ${kind} ${photo.name}${photo.category ? ` (${photo.category})` : ''}`);
    const img = document.createElement('img');
    img.src = photo.url;
    img.alt = '';
    img.loading = 'lazy';
    button.append(img);
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', async () => {
      try {
        slot.set(await fetchBlob(photo.url), photo.name);
        for (const other of grid.children) other.setAttribute('aria-pressed', String(other === button));
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
  if ($('#engine').value) form.append('engine', $('#engine').value);
  form.append('output_format', $('#output-format').value);
  form.append('result_background', $('#result-background').value);
  form.append('preserve_hands', String($('#preserve-hands').checked));
  form.append('preserve_feet', String($('#preserve-feet').checked));
  setBusy(true);
  view.showProgress({ status: 'queued', progress: 0, stage_timings: {} }, 'Uploading');
  // On one-column screens the result is below the form: bring it into view.
  $('#result-title').scrollIntoView({ block: 'nearest' });
  try {
    const job = await api.tryOn(form);
    void loadRecent();
    await follow(job, person.url);
  } catch (error) {
    view.hideProgress();
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
  view.clear();
  while (!TERMINAL.includes(job.status)) {
    view.showProgress(job);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (following !== initial.id) return; // another job was opened meanwhile
    try {
      job = await api.job(job.id);
    } catch (error) {
      // Over the polling rate limit: the job goes on; look again after a pause.
      if (!(error instanceof ApiError && error.code === 'rate_limit_exceeded')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  if (following !== initial.id) return;
  following = undefined;
  view.hideProgress();
  await showJob(job, beforeUrl);
  void loadRecent();
}

async function showJob(job, beforeUrl) {
  hideError();
  // A result judged too poor is kept on its failed job: shown with the reason, so its owner sees why.
  if (job.status === 'failed' && job.error?.code === 'low_quality_result' && job.result?.image_url) {
    await view.showResult(job, await fetchBlob(job.result.image_url), beforeUrl ?? job.input?.urls?.person);
    showError(new ApiError(0, job.error.code, job.error.message));
    return;
  }
  if (job.status !== 'completed') {
    view.showPlaceholder();
    const code = job.error?.code ?? 'canceled';
    showError(new ApiError(0, code, job.error?.message ?? 'The job was canceled.'));
    return;
  }
  if (!job.result?.image_url) {
    showError(new ApiError(404, 'not_found', 'The result was deleted after the retention period.'));
    return;
  }
  await view.showResult(job, await fetchBlob(job.result.image_url), beforeUrl ?? job.input?.urls?.person);
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
  box.scrollIntoView({ block: 'nearest' });
  if (code === 'invalid_auth_token' || code === 'forbidden') keyInput.setAttribute('aria-invalid', 'true');
}

function showClientError(kind, slot) {
  const box = $('#error');
  box.dataset.code = kind;
  box.querySelector('.error-title').textContent = CLIENT_MESSAGES[kind];
  box.querySelector('.error-detail').textContent = '';
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
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
void loadEngines();
void loadExamples();
void loadRecent();
