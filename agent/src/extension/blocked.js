// The extension's own block page: where its rules send a blocked navigation, with or without the agent running.
// The blocked address follows '#'; it is shown as text only. The service worker then asks the agent, which has
// the last word while it runs: its block page (saying why) replaces this one, or, if the rules here are behind
// (a lesson just ended, a site just allowed), the rules are brought up to date and the page opened after all.
const blocked = decodeURI(location.hash.slice(1));
try {
  document.getElementById('site').textContent = new URL(blocked).hostname;
} catch {
  // no address: the page says "this page"
}
chrome.runtime.sendMessage({ type: 'blocked-by-rule', url: blocked }).catch(() => undefined);
