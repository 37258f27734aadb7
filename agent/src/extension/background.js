// The Lookout extension's service worker: keeps the browser's own filtering rules (declarativeNetRequest) in
// step with the agent's, so a blocked page is never fetched, in frames too, and stays blocked while the agent is
// down or restarting (the browser keeps the rules); asks the agent about each top-level navigation as well (for
// what the rules do not carry, and its block page that says why), reports each page visited, and passes on the
// content script's page text and which password field has the focus (per tab: the agent hears only of the
// focused window's active tab). The agent's address and token come from config.json, which the agent writes.
const BROWSER = navigator.userAgent.includes('Firefox')
  ? 'firefox'
  : navigator.userAgent.includes('Edg/')
    ? 'edge'
    : 'chrome';
let configPromise;

// Installed by the school's browser policy (the console's CRX), the extension has no config.json: the policy gives
// the agent's address and key, and the service's public key, as the extension's managed storage (Chrome's
// `3rdparty.extensions.<id>`, which the agent package writes as root). An unpacked copy an agent wrote carries its
// own config.json. The service's key in the managed policy always wins: a config.json may be the pupil's.
async function readConfig() {
  const packaged = await fetch(chrome.runtime.getURL('config.json'))
    .then((r) => (r.ok ? r.json() : undefined))
    .catch(() => undefined);
  const managed = await chrome.storage.managed.get(['bridge', 'token', 'agentKey']).catch(() => ({}));
  let found;
  if (typeof packaged?.bridge === 'string' && typeof packaged?.token === 'string') found = packaged;
  else if (typeof managed.bridge === 'string' && typeof managed.token === 'string') found = managed;
  else throw new Error('no agent configured: neither config.json nor the managed policy names one');
  // The policy's "none": root says this PC has no service (a development agent), as config.json's null does.
  const fromPolicy = managed.agentKey === 'none' ? null : managed.agentKey;
  const agentKey = typeof managed.agentKey === 'string' && managed.agentKey ? fromPolicy : found.agentKey;
  return { bridge: found.bridge, token: found.token, agentKey };
}

function config() {
  configPromise ??= readConfig().catch((err) => {
    configPromise = undefined;
    throw err;
  });
  return configPromise;
}

// This browser profile's own id (made once, kept in its storage): the agent reports, per profile, that the
// extension is installed, enabled and which version it runs.
let profilePromise;
function profileId() {
  profilePromise ??= chrome.storage.local.get('profileId').then(async ({ profileId: id }) => {
    if (id) return id;
    const made = crypto.randomUUID();
    await chrome.storage.local.set({ profileId: made });
    return made;
  });
  return profilePromise;
}

// Mutual authentication with the agent: the key in config.json is never sent. Each request is signed (a fresh
// nonce, the path, the body) and each answer must carry the agent's signature over that nonce, its status and body;
// anything else listening on the port (a process squatting it while the agent is down) is not believed, and the
// rules the browser holds stay as they are.
const encoder = new TextEncoder();
const keys = new Map();

function hmacKey(token) {
  if (!keys.has(token)) {
    const key = crypto.subtle.importKey('raw', encoder.encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    keys.set(token, key);
  }
  return keys.get(token);
}

async function sign(token, text) {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(token), encoder.encode(text));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// The pupil can read the key above (their browser does), so it cannot tell the agent from a pupil's program that
// killed it and took its port. Each answer must also carry the PC's Lookout service's signature (ECDSA P-256 over the
// request's nonce, method, path and body's SHA-256 and the answer's status and body's SHA-256), made only for a
// genuine session agent with a key only root holds: an answer to one request cannot be passed off for another. The
// public key comes from what root wrote (the managed policy; or config.json), never over the network (the browser's
// proxy would carry it). A config that names a key is checked against it, always; unsigned answers are believed only
// when the config says there is no service (`"agentKey": null`, a development agent); a config that says nothing
// believes nothing. A config the pupil can write is an extension the pupil can rewrite, so the guarantee needs
// root-owned extension files (a packed, policy-installed extension) and the managed policy's key.
const agentKeys = new Map();

const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (text) => hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));

// null: no service (believe unsigned); undefined: no usable key (believe nothing); else the key.
function agentKey(cfg) {
  if (cfg.agentKey === null) return Promise.resolve(null);
  if (typeof cfg.agentKey !== 'string') return Promise.resolve(undefined);
  if (!agentKeys.has(cfg.agentKey)) {
    const imported = Promise.resolve()
      .then(() =>
        crypto.subtle.importKey('spki', fromBase64(cfg.agentKey), { name: 'ECDSA', namedCurve: 'P-256' }, false, [
          'verify',
        ]),
      )
      .catch(() => undefined);
    agentKeys.set(cfg.agentKey, imported);
  }
  return agentKeys.get(cfg.agentKey);
}

async function vouchedFor(cfg, request, response, text) {
  const key = await agentKey(cfg);
  if (key === null) return true;
  const vouch = response.headers.get('x-lookout-vouch');
  if (!key || !vouch) return false;
  try {
    const signed = [
      'lookout-bridge-answer',
      request.nonce,
      request.method,
      request.path,
      await sha256(request.payload),
      response.status,
      await sha256(text),
    ].join('\n');
    return await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      fromBase64(vouch),
      encoder.encode(signed),
    );
  } catch {
    return false;
  }
}

async function callAgent(path, body, retry = true) {
  const cfg = await config();
  const { bridge, token } = cfg;
  const nonce = `${Date.now()}.${crypto.randomUUID()}`;
  const payload = JSON.stringify(body);
  let response;
  try {
    response = await fetch(`${bridge}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-lookout-nonce': nonce,
        'x-lookout-auth': await sign(token, `request\n${nonce}\n${path}\n${payload}`),
        'x-lookout-profile': await profileId(),
        'x-lookout-browser': BROWSER,
        'x-lookout-extension-version': chrome.runtime.getManifest().version,
      },
      body: payload,
    });
  } catch (err) {
    // The agent restarted on another port (its config.json says which): read it again, once.
    configPromise = undefined;
    if (retry) return callAgent(path, body, false);
    throw err;
  }
  const text = await response.text();
  const proof = await sign(token, `response\n${nonce}\n${response.status}\n${text}`);
  const request = { nonce, method: 'POST', path, payload };
  if (response.headers.get('x-lookout-proof') !== proof || !(await vouchedFor(cfg, request, response, text))) {
    // Not our agent: another user's (ours has moved port: read the config again, once), or an impostor.
    configPromise = undefined;
    if (retry) return callAgent(path, body, false);
    throw new Error(`${path}: the answer is not from this browser's Lookout agent`);
  }
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.status === 204 ? undefined : JSON.parse(text);
}

const isWeb = (url) => /^https?:/i.test(url ?? '');

async function isBlockPage(url) {
  const { bridge } = await config();
  return url.startsWith(`${bridge}/blocked`);
}

async function check(tabId, url) {
  if (!isWeb(url) || (await isBlockPage(url))) return;
  const verdict = await callAgent('/navigate', { url });
  if (verdict.rules) syncRulesIfNot(verdict.rules);
  if (verdict.action === 'block') await chrome.tabs.update(tabId, { url: verdict.blockPage });
}

// The browser's rules. Replaced whole when the agent's version differs; kept as they are when the agent cannot be
// reached (fail closed: the last policy goes on being enforced). A lesson limit's rules are dropped at its end by
// an alarm, agent or not.
const LESSON_RULE_IDS = { from: 1000, to: 1999 };
let syncing = Promise.resolve();

function syncRules() {
  syncing = syncing.then(applyAgentRules).catch(() => undefined);
  return syncing;
}

async function syncRulesIfNot(version) {
  const { rulesVersion } = await chrome.storage.local.get('rulesVersion');
  if (rulesVersion !== version) await syncRules();
}

async function applyAgentRules() {
  const filter = await callAgent('/filter-rules', { blockPage: chrome.runtime.getURL('blocked.html') });
  const { rulesVersion } = await chrome.storage.local.get('rulesVersion');
  if (rulesVersion === filter.version) return;
  const existing = await chrome.declarativeNetRequest.getDynamicRules();
  await chrome.declarativeNetRequest.updateDynamicRules({
    removeRuleIds: existing.map((r) => r.id),
    addRules: filter.rules,
  });
  await chrome.storage.local.set({ rulesVersion: filter.version });
  if (filter.lessonExpiresAt)
    await chrome.alarms.create('lookout-lesson-end', { when: Date.parse(filter.lessonExpiresAt) });
  else await chrome.alarms.clear('lookout-lesson-end');
}

async function endLesson() {
  const existing = await chrome.declarativeNetRequest.getDynamicRules();
  const lesson = existing.filter((r) => r.id >= LESSON_RULE_IDS.from && r.id <= LESSON_RULE_IDS.to);
  await chrome.declarativeNetRequest.updateDynamicRules({ removeRuleIds: lesson.map((r) => r.id) });
  await chrome.storage.local.remove('rulesVersion');
  await syncRules();
}

chrome.alarms.create('lookout-rules', { periodInMinutes: 0.5 });
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === 'lookout-rules') syncRules();
  if (alarm.name === 'lookout-lesson-end') endLesson().catch(() => undefined);
});
chrome.runtime.onStartup.addListener(() => syncRules());
// Just installed by policy, the worker can start before the policy's managed storage has reached it: once it
// (or a new agent address or key) arrives, reach the agent at once rather than at the next alarm.
chrome.storage.onChanged.addListener((_changes, area) => {
  if (area !== 'managed') return;
  configPromise = undefined;
  syncRules();
});
syncRules();

// Asked before the request goes out, and again once committed (a navigation the first check missed: a
// redirect, a history entry, a page restored at start-up).
chrome.webNavigation.onBeforeNavigate.addListener((d) => {
  if (d.frameId === 0) check(d.tabId, d.url).catch(() => undefined);
});
chrome.webNavigation.onCommitted.addListener((d) => {
  if (d.frameId === 0) check(d.tabId, d.url).catch(() => undefined);
});

chrome.webNavigation.onCompleted.addListener(async (d) => {
  if (d.frameId !== 0 || !isWeb(d.url) || (await isBlockPage(d.url))) return;
  const tab = await chrome.tabs.get(d.tabId);
  callAgent('/visit', { url: d.url, title: tab.title ?? '', browser: BROWSER }).catch(() => undefined);
});

// Password fields with the focus, per tab (the content script names the field). The agent is told about the
// last focused window's active tab only (with its title: the agent applies it only to the window showing that
// tab), and again whenever that changes: another tab, another window, another app.
const secretByTab = new Map();
let lastSecret;

async function sendSecret(body) {
  const key = JSON.stringify(body);
  if (key === lastSecret) return;
  lastSecret = key;
  await callAgent('/secret-input', body).catch(() => {
    lastSecret = undefined;
  });
}

async function reportSecret() {
  const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  const field = tab ? secretByTab.get(tab.id) : undefined;
  await sendSecret(field ? { focused: true, field, title: tab.title ?? '' } : { focused: false });
}

chrome.tabs.onActivated.addListener(() => reportSecret().catch(() => undefined));
// Another program took the focus: nothing typed now goes into a page. (Its return is not always reported, so it
// is not waited for: the page's own focus events report the field again.)
chrome.windows.onFocusChanged.addListener((windowId) => {
  const leaving = windowId === chrome.windows.WINDOW_ID_NONE;
  (leaving ? sendSecret({ focused: false }) : reportSecret()).catch(() => undefined);
});
chrome.tabs.onRemoved.addListener((tabId) => {
  secretByTab.delete(tabId);
  reportSecret().catch(() => undefined);
});
chrome.webNavigation.onCommitted.addListener((d) => {
  if (d.frameId !== 0 || !secretByTab.delete(d.tabId)) return;
  reportSecret().catch(() => undefined);
});

// A navigation the rules sent to our block page: the agent decides it again if it runs (see blocked.js). Each
// address is reopened at most once a minute, so rules and agent that disagree cannot loop.
const reopened = new Map();
async function recheckBlocked(tabId, url) {
  // The agent's own block page caught by rules from before it moved port: new rules first, or it would loop.
  if (!isWeb(url) || (await isBlockPage(url))) return syncRules();
  const verdict = await callAgent('/navigate', { url });
  if (verdict.rules) await syncRulesIfNot(verdict.rules);
  if (verdict.action === 'block') return chrome.tabs.update(tabId, { url: verdict.blockPage });
  await syncRules();
  if (Date.now() - (reopened.get(url) ?? 0) < 60_000) return;
  reopened.set(url, Date.now());
  await chrome.tabs.update(tabId, { url });
}

chrome.runtime.onMessage.addListener((message, sender) => {
  if (
    message.type === 'blocked-by-rule' &&
    sender.tab &&
    sender.url?.startsWith(chrome.runtime.getURL('blocked.html'))
  ) {
    recheckBlocked(sender.tab.id, String(message.url)).catch(() => undefined);
    return;
  }
  if (message.type === 'secret-input' && sender.tab && sender.frameId === 0) {
    const field = typeof message.field === 'string' ? message.field.slice(0, 128) : undefined;
    if (message.focused === true && field) secretByTab.set(sender.tab.id, field);
    else if (secretByTab.get(sender.tab.id) === field) secretByTab.delete(sender.tab.id);
    reportSecret().catch(() => undefined);
    return;
  }
  if (!sender.tab || !isWeb(sender.tab.url)) return;
  if (message.type === 'page-text') {
    callAgent('/page-text', {
      url: sender.tab.url,
      title: sender.tab.title ?? '',
      browser: BROWSER,
      text: message.text,
    }).catch(() => undefined);
  }
});
