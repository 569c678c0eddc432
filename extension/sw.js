// Service worker: the only part that talks to the native host. It keeps the badge (training
// controls still on), opens deep links, relays in-page readings to `untrain native-host`, and
// counts each provider tab's requests in flight for the content script's settle rule.
// Without the host everything still works from the bundled catalogue and local readings.
if (typeof importScripts === 'function' && !globalThis.UNTRAIN_CATALOG) {
  importScripts('data/catalog.js', 'lib/page_provider.js', 'lib/status.js');
}

const CATALOG = globalThis.UNTRAIN_CATALOG;
const S = globalThis.UntrainStatus;
const HOST = CATALOG.host;
const providers = new Map(CATALOG.providers.map((p) => [p.id, p]));
const OWN_PAGES = chrome.runtime.getURL('');

// How long the host may take to answer. A fresh Python process per message answers in well under
// a second; one that is stuck (a history locked by a running scan, say) must not leave the badge
// showing an old count while the popup says "Loading…" for ever. Tests shorten it.
const NATIVE_TIMEOUT_MS = 20000;

// The host's failure, in words. `missing` when the app is simply not installed (then the extension
// works from its own readings); anything else means the app is there but gave no usable answer.
function hostFailure(message, missing = false) {
  return Object.assign(new Error(message), { fromHost: !missing });
}

function native(message) {
  return new Promise((resolve, reject) => {
    const timeoutMs = globalThis.UNTRAIN_NATIVE_TIMEOUT_MS || NATIVE_TIMEOUT_MS;
    const timer = setTimeout(() => reject(hostFailure(`the Untrain app did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
    const settle = (fn, value) => { clearTimeout(timer); fn(value); };
    try {
      chrome.runtime.sendNativeMessage(HOST, message, (reply) => {
        if (chrome.runtime.lastError) {
          const why = chrome.runtime.lastError.message || 'unknown error';
          // "not found" / "forbidden": no (or a wrong) host manifest, i.e. the app is not installed.
          return settle(reject, hostFailure(why, /not found|forbidden/i.test(why)));
        }
        if (!reply || typeof reply !== 'object') return settle(reject, hostFailure('the Untrain app sent no usable reply'));
        // The host is there and answered with a problem: say so, not "not connected".
        if (reply.ok === false) return settle(reject, hostFailure(String(reply.error || reply.code || 'an error')));
        return settle(resolve, reply);
      });
    } catch (e) { settle(reject, e); }
  });
}

// The host's latest states, or a failure if the reply is not what the protocol promises.
function hostStates(reply) {
  if (!reply || !Array.isArray(reply.controls)) throw hostFailure('the Untrain app answered something that is not a status');
  return reply.controls;
}

// Read-modify-write of one storage key, one at a time. Two readings (or two guided tabs) arriving
// together each read the old value, and the second write dropped the first; here each update waits
// for the one before it on the same key. The worker is the only writer, and there is one worker.
const updates = new Map(); // "area:key" -> the last update's promise
function updateStored(area, key, change) {
  const slot = `${area}:${key}`;
  const run = (updates.get(slot) || Promise.resolve()).then(async () => {
    const value = (await chrome.storage[area].get(key))[key];
    const next = change(value);
    if (next !== undefined) await chrome.storage[area].set({ [key]: next });
  });
  updates.set(slot, run.catch(() => {})); // a failed update must not block the next one
  return run;
}

// In-page readings the host has not got (it is not installed, or it failed when they were
// taken). A reading the host recorded lives in its history only, so deleting the history, or a
// newer scan, is never hidden behind an old local copy.
async function localReadings() {
  const { readings } = await chrome.storage.local.get('readings');
  return Object.values(readings || {});
}

function keepLocally(state) {
  return updateStored('local', 'readings', (readings) => ({ ...(readings || {}), [S.key(state)]: state }));
}

function forgetLocally(state) {
  return updateStored('local', 'readings', (readings) => {
    if (!readings || !readings[S.key(state)] || readings[S.key(state)].at !== state.at) return undefined;
    const { [S.key(state)]: gone, ...rest } = readings;
    return rest;
  });
}

// The latest state per control from the host's history, merged with readings kept locally.
// When the app is installed but gives no usable answer, there is no current count: the badge
// says so ("!") rather than showing what the local copies alone add up to.
async function refresh(known) {
  let connected = false;
  let error = null;
  let hostError = false; // the host is there and failed: an error, garbage, or no answer in time
  let fromHost = [];
  try {
    fromHost = hostStates(known || await native({ type: 'status' }));
    connected = true;
  } catch (e) {
    error = e.message;
    hostError = e.fromHost === true;
  }
  const states = S.mergeStates(fromHost, await localReadings());
  const on = S.countOn(CATALOG, states);
  await setBadge(S.badge(CATALOG, states, hostError ? error : null));
  const status = { connected, error, hostError, states, on };
  await rememberForThePopup(status);
  return status;
}

// The popup paints this at once, marked "as of" its time, while it asks for a current answer
// (popup.js), so it never waits on the host. Only the popup reads it: the badge, and every count,
// come from a current answer only.
async function rememberForThePopup(status) {
  try {
    await chrome.storage.local.set({ lastStatus: { ...status, at: new Date().toISOString() } });
  } catch (e) { /* storage full or gone: the popup then waits for a current answer */ }
}

async function setBadge({ text, color, title }) {
  await chrome.action.setBadgeText({ text });
  await chrome.action.setBadgeBackgroundColor({ color });
  await chrome.action.setTitle({ title });
}

async function guidedTabs() {
  const { guided } = await chrome.storage.session.get('guided');
  return guided || {};
}

function forgetGuided(tabId) {
  return updateStored('session', 'guided', (guided) => {
    if (!guided || !(tabId in guided)) return undefined;
    const { [tabId]: gone, ...rest } = guided;
    return rest;
  });
}

function markGuided(tabId, providerId) {
  return updateStored('session', 'guided', (guided) => ({ ...(guided || {}), [tabId]: providerId }));
}

async function openSetting(providerId) {
  const provider = providers.get(providerId);
  if (!provider || !provider.deep_link) throw new Error(`no deep link for ${providerId}`);
  // The tab is guided before it can load the page: its content script may ask "guided?" as soon as
  // the page starts, and a tab made at the deep link could get there before the flag was saved
  // (then the walk never ran). So: an empty tab, the flag, then the page.
  const tab = await chrome.tabs.create({ url: 'about:blank' });
  try {
    await markGuided(tab.id, providerId);
    await chrome.tabs.update(tab.id, { url: provider.deep_link });
  } catch (e) {
    await chrome.tabs.remove(tab.id).catch(() => {});
    throw e;
  }
  return { tab: tab.id, url: provider.deep_link };
}

// The page provider a content script speaks for: the same rule as content.js
// (lib/page_provider.js, on the sender's own URL), so a page can only ever report for its own provider.
function fromProviderPage(sender) {
  if (!sender.tab || !sender.url) return null;
  return globalThis.UntrainPageProvider(CATALOG, sender.url);
}

// The page a reading came from, as the history keeps it: no query or fragment, which can carry
// tokens, search terms or conversation ids. Taken from the sender, never from the message.
function pageAddress(url) {
  const page = new URL(url);
  return `${page.origin}${page.pathname}`;
}

// The host refuses a reading whose detail is over 500 characters, and would lose an `unknown` that
// way. content.js already keeps page values short; this holds whatever a page script sends.
const DETAIL_CHARS = 500;
function cappedDetail(detail) {
  if (!detail) return null;
  const text = String(detail);
  return text.length > DETAIL_CHARS ? `${text.slice(0, DETAIL_CHARS - 1)}…` : text;
}

async function recordReading(message, sender) {
  const provider = fromProviderPage(sender);
  if (!provider || provider.id !== message.provider) throw new Error('a reading must come from its provider page');
  const control = provider.controls.find((c) => c.id === message.control);
  if (!control || !['on', 'off', 'unknown', 'not_applicable'].includes(message.status)) throw new Error('not a catalogue control');
  const state = {
    provider: provider.id, control: control.id, label: control.label, status: message.status,
    reason: message.status === 'unknown' ? (message.reason || 'error') : null,
    detail: cappedDetail(message.detail), at: new Date().toISOString(), source: 'extension',
  };
  await keepLocally(state); // until the host has it
  let reply = null;
  let error = null;
  try {
    reply = await native({
      type: 'record_reading', provider: state.provider, control: state.control, status: state.status,
      reason: state.reason, url: pageAddress(sender.url), detail: state.detail,
    });
    hostStates(reply);
    await forgetLocally(state);
  } catch (e) { error = e.message; reply = null; }
  const recorded = !!reply;
  const status = await refresh(reply || undefined);
  return { recorded, error, on: status.on };
}

// The host gives up on a scan after 15 minutes and says so; this is the extension's own limit, a
// minute later, for a host that never says anything. Tests shorten it.
const SCAN_TIMEOUT_MS = 16 * 60 * 1000;

function duration(ms) {
  return ms >= 60000 ? `${Math.round(ms / 60000)} minutes` : `${Math.round(ms / 1000)} s`;
}

// A scan runs in the host (`untrain scan --provider X`); progress comes back on a port. However the
// port ends (scan_done, an error, a reply that is not a message, the host going away with or
// without a lastError, no answer in time), the popup hears "done" exactly once, with the reason.
function startScan(providerId) {
  if (!providers.has(providerId)) throw new Error(`unknown provider ${providerId}`);
  const port = chrome.runtime.connectNative(HOST);
  const tell = (event) => chrome.runtime.sendMessage({ event: 'scan', provider: providerId, ...event }).catch(() => {});
  const limitMs = globalThis.UNTRAIN_SCAN_TIMEOUT_MS || SCAN_TIMEOUT_MS;
  let over = false;
  const finish = async (error) => {
    if (over) return;
    over = true;
    clearTimeout(timer);
    try { port.disconnect(); } catch (e) { /* already closed */ }
    await refresh().catch(() => {});
    tell({ stage: 'done', ok: !error, error: error || null });
  };
  const timer = setTimeout(() => finish(`the scan did not finish within ${duration(limitMs)}`), limitMs);
  port.onMessage.addListener((reply) => {
    if (!reply || typeof reply !== 'object') return finish('the Untrain app sent no usable reply');
    if (reply.ok === false) return finish(String(reply.error || reply.code || 'the scan failed'));
    if (reply.type === 'scan_done') return finish(null);
    return tell({ stage: reply.stage || 'running' });
  });
  port.onDisconnect.addListener(() => {
    const why = chrome.runtime.lastError && chrome.runtime.lastError.message;
    finish(`the Untrain app closed the connection before the scan finished${why ? ` (${why})` : ''}`);
  });
  port.postMessage({ type: 'scan', provider: providerId });
  return { started: true };
}

// Requests per tab, so an in-page reading counts only once its data arrived (lib/settle.js;
// checker/engine/settle.py is the same rule): the tab's documents, scripts and same-site data requests
// (fetch and XHR: webRequest's `xmlhttprequest`) in flight, and the data requests that failed.
// Streams are told apart by their response type, never by age. Of a failed request only its path
// is kept (no query, header or body), to name it in the reading. The filter is the host
// permissions, so this sees the provider hosts' requests and nothing else.
const WATCHED_TYPES = ['main_frame', 'sub_frame', 'script', 'xmlhttprequest']; // images and fonts change no setting
const STREAM_TYPES = ['text/event-stream', 'application/x-ndjson', 'application/ndjson', 'application/jsonl',
  'application/x-jsonlines', 'application/stream+json', 'multipart/x-mixed-replace'];
const PATH_CHARS = 80;
// tab id -> {open: Map(request id -> path), failed: [path (why)], changes, lastEnd, documentStatus,
// documentSeen}. It lives only as long as this worker: one that starts, or is stopped and started
// again, while a page loads never saw that page's document or its settings request. `documentSeen`
// says this worker watched the tab's page from its first request, or its counts mean nothing.
const traffic = new Map();

function tabTraffic(tabId) {
  if (!traffic.has(tabId)) {
    traffic.set(tabId, { open: new Map(), failed: [], answered: new Set(), changes: 0, lastEnd: 0, documentStatus: null, documentSeen: false });
  }
  return traffic.get(tabId);
}

// The registrable part of a host, near enough for the catalogue's hosts (checker/engine/settle.py site_of).
function siteOf(host) {
  const labels = String(host || '').toLowerCase().split('.');
  const three = labels.length >= 3 && labels[labels.length - 1].length === 2
    && ['co', 'com', 'org', 'net', 'ac', 'gov', 'edu'].includes(labels[labels.length - 2]);
  return labels.slice(three ? -3 : -2).join('.');
}

function pathOf(url) {
  const path = new URL(url).pathname || '/';
  return path.length > PATH_CHARS ? `${path.slice(0, PATH_CHARS - 1)}…` : path;
}

// A same-site data request: what the page loads the person's settings with.
function isData(details) {
  if (details.type !== 'xmlhttprequest' || !details.initiator) return false;
  try { return siteOf(new URL(details.url).hostname) === siteOf(new URL(details.initiator).hostname); } catch (e) { return false; }
}

function ended(tab, details) {
  tab.open.delete(details.requestId);
  tab.lastEnd = Date.now();
  tab.changes += 1;
}

function requestStarted(details) {
  if (details.tabId < 0) return; // the browser's own, or a worker's: not a tab's page
  const tab = tabTraffic(details.tabId);
  if (details.type === 'main_frame') {
    // A new document: the old page's requests, and their failures, went with it.
    tab.open.clear();
    tab.failed = [];
    tab.answered = new Set();
    tab.documentStatus = null;
    tab.documentSeen = true;
  }
  if (details.type === 'xmlhttprequest' && !isData(details)) return; // another site's: not judged
  tab.open.set(details.requestId, pathOf(details.url));
  tab.changes += 1;
}

function headersReceived(details) {
  const tab = traffic.get(details.tabId);
  if (!tab || !tab.open.has(details.requestId)) return;
  if (details.type === 'main_frame' && !(details.statusCode >= 300 && details.statusCode < 400)) tab.documentStatus = details.statusCode;
  if (details.type !== 'xmlhttprequest') return;
  const header = (details.responseHeaders || []).find((h) => h.name.toLowerCase() === 'content-type');
  const kind = header ? String(header.value).split(';')[0].trim().toLowerCase() : '';
  if (STREAM_TYPES.includes(kind)) { ended(tab, details); return; } // a stream ends when the page goes
  if (details.statusCode >= 400) {
    // Judged by its status at once: a failed answer's body the page never reads may never finish.
    tab.failed.push(`${tab.open.get(details.requestId)} (it answered ${details.statusCode})`);
    ended(tab, details);
  }
}

function requestCompleted(details) {
  const tab = traffic.get(details.tabId);
  if (!tab || !tab.open.has(details.requestId)) return;
  if (details.type === 'main_frame' && !(details.statusCode >= 300 && details.statusCode < 400)) tab.documentStatus = details.statusCode;
  if (details.type === 'xmlhttprequest' && !(details.statusCode >= 200 && details.statusCode < 400)) {
    tab.failed.push(`${tab.open.get(details.requestId)} (it answered ${details.statusCode})`);
  } else if (details.type === 'xmlhttprequest' && details.statusCode < 300) {
    // What a reading's witness asks: did this document load its settings from that path.
    tab.answered.add(tab.open.get(details.requestId));
  }
  ended(tab, details);
}

function requestFailed(details) {
  const tab = traffic.get(details.tabId);
  if (!tab || !tab.open.has(details.requestId)) return;
  if (details.type === 'xmlhttprequest') {
    const why = String(details.error || 'failed').replace(/^net::/, '');
    tab.failed.push(`${tab.open.get(details.requestId)} (${/ABORTED/.test(why) ? 'aborted' : why})`);
  }
  ended(tab, details);
}

function networkState(tabId) {
  const tab = traffic.get(tabId);
  if (!tab) return { seen: false, pending: 0, changes: 0, failed: [], answered: [], documentStatus: null, sinceEndMs: null };
  return {
    seen: tab.documentSeen,
    pending: tab.open.size, pendingPath: tab.open.values().next().value || null, changes: tab.changes,
    failed: tab.failed.slice(0, 5), answered: [...tab.answered].slice(0, 50), documentStatus: tab.documentStatus,
    sinceEndMs: tab.lastEnd ? Date.now() - tab.lastEnd : null,
  };
}

const watched = { urls: chrome.runtime.getManifest().host_permissions, types: WATCHED_TYPES };
chrome.webRequest.onBeforeRequest.addListener(requestStarted, watched);
chrome.webRequest.onHeadersReceived.addListener(headersReceived, watched, ['responseHeaders']);
chrome.webRequest.onCompleted.addListener(requestCompleted, watched);
chrome.webRequest.onErrorOccurred.addListener(requestFailed, watched);

const FROM_POPUP = {
  status: () => refresh(),
  open: (m) => openSetting(m.provider),
  scan: (m) => startScan(m.provider),
};
const FROM_PAGE = {
  'guided?': async (m, sender) => ({ guided: (await guidedTabs())[sender.tab.id] === fromProviderPage(sender)?.id }),
  walked: (m, sender) => forgetGuided(sender.tab.id), // answered once; later page loads are the person's own
  reading: (m, sender) => recordReading(m, sender),
  network: (m, sender) => networkState(sender.tab.id),
};

chrome.runtime.onMessage.addListener((message, sender, respond) => {
  const own = sender.id === chrome.runtime.id && (sender.url || '').startsWith(OWN_PAGES);
  const table = own ? FROM_POPUP : fromProviderPage(sender) ? FROM_PAGE : {};
  const handler = message && table[message.cmd];
  if (!handler) return false;
  Promise.resolve()
    .then(() => handler(message, sender))
    .then((result) => respond({ ok: true, ...result }), (e) => respond({ ok: false, error: e.message }));
  return true; // respond asynchronously
});

chrome.tabs.onRemoved.addListener(async (tabId) => {
  traffic.delete(tabId);
  await forgetGuided(tabId);
});
// A scheduled `untrain scan` (or one from a terminal) writes the history without telling the
// browser: look again every few minutes, so the badge never shows an older scan's count as current
// for long. The alarm is made once; making it anew on every service-worker start would restart its
// countdown each time a provider page wakes the worker, and it might never fire.
const REFRESH_ALARM = 'refresh';
const REFRESH_MINUTES = 5;
chrome.alarms.onAlarm.addListener((alarm) => { if (alarm.name === REFRESH_ALARM) refresh(); });
chrome.alarms.get(REFRESH_ALARM).then((alarm) => alarm || chrome.alarms.create(REFRESH_ALARM, { periodInMinutes: REFRESH_MINUTES }));

chrome.runtime.onStartup.addListener(() => { refresh(); });
chrome.runtime.onInstalled.addListener(() => { refresh(); });
