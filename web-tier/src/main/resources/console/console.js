// The console: three views over the public API (no endpoint of its own but /console/live). Plain DOM, no build.
'use strict';

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  children.forEach((c) => node.append(c));
  return node;
};

// --- tabs, by the address's #fragment, so that each view can be linked to -----------------------------------
function show() {
  const tab = (location.hash || '#recognize').slice(1);
  document.querySelectorAll('main > section').forEach((s) => { s.hidden = s.id !== 'tab-' + tab; });
  document.querySelectorAll('nav a[data-tab]').forEach((a) => a.classList.toggle('active', a.dataset.tab === tab));
  if (tab === 'people') loadCollections();
  if (tab === 'live') startLive(); else stopLive();
}
window.addEventListener('hashchange', show);

/** The sentence an error answer carries: problem details' detail, the one-line error, or the text itself. */
async function sentence(response) {
  const text = await response.text();
  try {
    const json = JSON.parse(text);
    return (json.reason ? json.reason + ': ' : '') + (json.detail || json.error || text);
  } catch (e) {
    return text || response.status + ' ' + response.statusText;
  }
}

function dropZone(zone, input, onFiles) {
  input.addEventListener('change', () => { if (input.files.length) onFiles([...input.files]); input.value = ''; });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    if (e.dataTransfer.files.length) onFiles([...e.dataTransfer.files]);
  });
}

// --- Recognize ------------------------------------------------------------------------------------------
async function recognize(file) {
  $('error').hidden = true;
  $('faces').replaceChildren();
  $('timings').textContent = 'sending…';
  const stage = $('stage');
  stage.querySelectorAll('.box').forEach((b) => b.remove());
  const img = $('preview');
  img.src = URL.createObjectURL(file);
  stage.hidden = false;
  const form = new FormData();
  form.append('inputFile', file, file.name);
  const started = performance.now();
  const response = await fetch('/recognize', { method: 'POST', body: form });
  const total = Math.round(performance.now() - started);
  if (!response.ok) {
    $('error').textContent = await sentence(response);
    $('error').hidden = false;
    $('timings').textContent = total + ' ms';
    return;
  }
  const reply = await response.json();
  await img.decode().catch(() => {});
  img.style.width = img.naturalWidth < 320 ? '320px' : ''; // a 64x64 course photo, shown large enough to see
  const w = img.naturalWidth;
  const h = img.naturalHeight;
  reply.faces.forEach((face) => {
    const b = face.box;
    const box = el('div', { className: 'box' + (face.match ? '' : ' nomatch') },
      el('span', { className: 'label', textContent: face.name }));
    box.dataset.name = face.name;
    Object.assign(box.style, {
      left: (100 * b.left / w) + '%', top: (100 * b.top / h) + '%',
      width: (100 * (b.right - b.left) / w) + '%', height: (100 * (b.bottom - b.top) / h) + '%',
    });
    stage.append(box);
    $('faces').append(el('li', { className: 'face', textContent: face.name + ' — distance '
      + face.distance.toFixed(3) + (face.match ? '' : ' (no match under the threshold)') }));
  });
  if (!reply.faces.length) $('faces').append(el('li', { textContent: reply.message || 'no face' }));
  const t = reply.timings || {};
  $('timings').textContent = `${total} ms in all: queued ${t.queuedMs} ms, download ${t.downloadMs} ms, `
    + `recognition ${t.inferenceMs} ms (worker ${reply.worker})`;
}
dropZone($('drop'), $('photo'), (files) => recognize(files[0]));

// --- People ---------------------------------------------------------------------------------------------
function collection() {
  return $('new-collection').value.trim() || $('collection').value;
}

async function loadCollections() {
  const response = await fetch('/collections');
  if (!response.ok) return peopleError(await sentence(response));
  const { collections } = await response.json();
  const select = $('collection');
  const chosen = select.value;
  select.replaceChildren(...collections.map((c) => el('option', { value: c.name,
    textContent: `${c.name} (${c.subjects} people, ${c.faces} faces)` })));
  if (chosen && collections.some((c) => c.name === chosen)) select.value = chosen;
  await loadSubjects();
}

async function loadSubjects() {
  $('people-error').hidden = true;
  const body = $('subjects').tBodies[0];
  body.replaceChildren();
  const name = collection();
  if (!name) return;
  const response = await fetch('/collections/' + encodeURIComponent(name) + '/subjects');
  if (response.status === 404) return;
  if (!response.ok) return peopleError(await sentence(response));
  const { subjects } = await response.json();
  subjects.forEach((s) => {
    const remove = el('button', { type: 'button', className: 'delete', textContent: 'Delete' });
    remove.addEventListener('click', async () => {
      if (!confirm(`Remove ${s.subject} and their ${s.faces} faces?`)) return;
      const r = await fetch(`/collections/${encodeURIComponent(name)}/subjects/${encodeURIComponent(s.subject)}`,
        { method: 'DELETE' });
      if (!r.ok) return peopleError(await sentence(r));
      loadCollections();
    });
    const face = el('img', { className: 'thumb', height: 48, width: 48, alt: s.subject,
      src: `/collections/${encodeURIComponent(name)}/subjects/${encodeURIComponent(s.subject)}/faces/`
        + `${encodeURIComponent(s.face)}/thumbnail` });
    const row = el('tr', { className: 'subject' }, el('td', {}, face, ' ', s.subject),
      el('td', { textContent: s.faces }), el('td', {}, remove));
    row.dataset.subject = s.subject;
    body.append(row);
  });
}

function peopleError(text) {
  $('people-error').textContent = text;
  $('people-error').hidden = false;
}

async function enroll(files) {
  const name = collection();
  const subject = $('subject').value.trim();
  if (!name || !subject) return peopleError('choose a collection and name the subject first');
  for (const file of files) {
    const form = new FormData();
    form.append('inputFile', file, file.name);
    const response = await fetch(`/collections/${encodeURIComponent(name)}/subjects/${encodeURIComponent(subject)}`
      + '/faces', { method: 'POST', body: form });
    const thumb = el('img', { src: URL.createObjectURL(file), alt: file.name, className: 'thumb', height: 48 });
    const text = response.ok ? `${file.name}: enrolled as ${subject}` : `${file.name}: ${await sentence(response)}`;
    $('enroll-results').prepend(el('li', { className: response.ok ? 'enrolled' : 'refused' }, thumb, ' ', text));
  }
  $('new-collection').value = '';
  await loadCollections();
  $('collection').value = name;
  await loadSubjects();
}
dropZone($('enroll-drop'), $('enroll-photos'), enroll);
$('collection').addEventListener('change', loadSubjects);
$('refresh-people').addEventListener('click', loadCollections);

// --- Live: polls the web tier, which reads the autoscaler's own numbers; two minutes kept here ------------
const history = [];
let timer = null;

function startLive() {
  if (timer) return;
  const tick = async () => {
    try {
      const response = await fetch('/console/live');
      if (response.ok) drawLive(await response.json());
    } catch (e) { /* the next tick tries again */ }
  };
  tick();
  timer = setInterval(tick, 1000);
}

function stopLive() {
  clearInterval(timer);
  timer = null;
}

function drawLive(live) {
  const r = live.requests;
  $('live-rate').textContent = r.perSecond.toFixed(1);
  $('live-p50').textContent = r.p50Ms;
  $('live-p99').textContent = r.p99Ms;
  $('live-waiting').textContent = live.waiting;
  const a = live.autoscaler;
  $('live-note').textContent = live.autoscalerNote || '';
  $('live-queue-visible').textContent = a ? a.queueVisible : '–';
  $('live-queue-inflight').textContent = a ? a.queueInFlight : '–';
  ['running', 'pending', 'stopping', 'stopped'].forEach((s) => {
    $('live-' + s).textContent = a ? Math.round(a.instances[s]) : '–';
  });
  $('live-last').replaceChildren(...r.last.map((q) => el('li', {
    textContent: `${new Date(q.at).toLocaleTimeString()} ${q.endpoint} ${q.status} ${q.answer} (${q.millis} ms)` })));
  history.push({ queue: a ? a.queueVisible + a.queueInFlight : 0, running: a ? a.instances.running : 0,
    pending: a ? a.instances.pending : 0, stopping: a ? a.instances.stopping : 0 });
  if (history.length > 120) history.shift();
  const chart = $('live-chart');
  const top = Math.max(1, ...history.map((p) => Math.max(p.queue, p.running, p.pending, p.stopping)));
  chart.replaceChildren(...['queue', 'running', 'pending', 'stopping'].map((key) => {
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('class', key);
    line.setAttribute('points', history.map((p, i) => `${i * 5},${155 - 150 * p[key] / top}`).join(' '));
    return line;
  }));
}

show();
