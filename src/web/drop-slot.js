/**
 * One photo slot (person or garment): a file input behind a large label that
 * also takes drops, plus a thumbnail. Pasting is routed here by app.js.
 */
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

export function createSlot(root, { onError }) {
  const input = root.querySelector('input[type=file]');
  const zone = root.querySelector('.drop-zone');
  const thumb = root.querySelector('.thumb');
  const hint = root.querySelector('.drop-hint');
  const clear = root.querySelector('.clear');
  const title = root.querySelector('.drop-title').textContent;
  let current;

  function set(blob, name) {
    if (!ACCEPTED.includes(blob.type) && !/\.(jpe?g|png|webp)$/i.test(name ?? '')) {
      onError('not_an_image');
      return;
    }
    if (current) URL.revokeObjectURL(current.url);
    current = { blob, name: name || `${title.toLowerCase()}.jpg`, url: URL.createObjectURL(blob) };
    thumb.src = current.url;
    thumb.alt = `${title} photo: ${current.name}`;
    thumb.hidden = false;
    hint.textContent = current.name;
    clear.hidden = false;
    root.classList.add('filled');
  }

  function reset() {
    if (current) URL.revokeObjectURL(current.url);
    current = undefined;
    input.value = '';
    thumb.hidden = true;
    thumb.removeAttribute('src');
    hint.textContent = 'Choose, drop or paste a photo';
    clear.hidden = true;
    root.classList.remove('filled');
  }

  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) set(file, file.name);
  });
  clear.addEventListener('click', () => {
    reset();
    input.focus();
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    root.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => root.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    root.classList.remove('dragging');
    const file = event.dataTransfer?.files?.[0];
    if (file) set(file, file.name);
  });

  return {
    root,
    set,
    reset,
    focus: () => input.focus(),
    get value() {
      return current;
    },
  };
}
