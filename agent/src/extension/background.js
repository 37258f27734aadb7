// The Lookout extension's service worker: asks the agent on this PC about each top-level navigation (blocked
// ones go to the agent's block page), reports each page visited, and passes on the content script's page text
// and which password field has the focus (per tab: the agent hears only of the focused window's active tab). The
// agent's address and token come from config.json, which the agent writes.
const BROWSER = navigator.userAgent.includes('Firefox')
  ? 'firefox'
  : navigator.userAgent.includes('Edg/')
    ? 'edge'
    : 'chrome';
let configPromise;

function config() {
  configPromise ??= fetch(chrome.runtime.getURL('config.json'))
    .then((r) => r.json())
    .catch((err) => {
      configPromise = undefined;
      throw err;
    });
  return configPromise;
}

async function callAgent(path, body, retry = true) {
  const { bridge, token } = await config();
  let response;
  try {
    response = await fetch(`${bridge}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lookout-token': token },
      body: JSON.stringify(body),
    });
  } catch (err) {
    // The agent restarted on another port (its config.json says which): read it again, once.
    configPromise = undefined;
    if (retry) return callAgent(path, body, false);
    throw err;
  }
  if (response.status === 401 && retry) {
    // Another agent (another user's) answers on the old port now: ours has moved; read the config again, once.
    configPromise = undefined;
    return callAgent(path, body, false);
  }
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.status === 204 ? undefined : response.json();
}

const isWeb = (url) => /^https?:/i.test(url ?? '');

async function isBlockPage(url) {
  const { bridge } = await config();
  return url.startsWith(`${bridge}/blocked`);
}

async function check(tabId, url) {
  if (!isWeb(url) || (await isBlockPage(url))) return;
  const verdict = await callAgent('/navigate', { url });
  if (verdict.action === 'block') await chrome.tabs.update(tabId, { url: verdict.blockPage });
}

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

chrome.runtime.onMessage.addListener((message, sender) => {
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
