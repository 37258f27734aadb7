// Runs in each page: sends the page's visible text once it has loaded (for keyword matching, if the school's
// policy asks for it), and says which password field has the focus, and when none has, so the agent drops what
// is typed into that one field. It never reads the value of any field.
(() => {
  const text = document.body ? document.body.innerText.slice(0, 100000) : '';
  if (text) chrome.runtime.sendMessage({ type: 'page-text', text }).catch(() => undefined);

  // A made-up identity per field (never its name, id or value), so the agent can tell one field from another.
  const ids = new WeakMap();
  const idOf = (el) => {
    let id = ids.get(el);
    // getRandomValues, not randomUUID: most pages are not secure contexts (http), where randomUUID is missing.
    if (!id) ids.set(el, (id = [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16)).join('')));
    return id;
  };
  const isSecret = (el) => el instanceof HTMLInputElement && el.type === 'password';
  const send = (focused, field) =>
    chrome.runtime.sendMessage({ type: 'secret-input', focused, field }).catch(() => undefined);

  // The password field the agent was last told has the focus. What the page's events claim is never trusted:
  // each change is read from the document itself (which element has the focus, and its type now).
  let reported;
  const update = () => {
    const el = document.activeElement;
    const now = isSecret(el) ? el : undefined;
    if (now === reported) return;
    if (reported) send(false, idOf(reported));
    reported = now;
    if (now) send(true, idOf(now));
  };
  const clear = () => {
    if (reported) send(false, idOf(reported));
    reported = undefined;
  };
  document.addEventListener('focusin', update, true);
  document.addEventListener('focusout', (e) => e.target === reported && clear(), true);
  window.addEventListener('blur', clear);
  window.addEventListener('focus', update);
  window.addEventListener('pagehide', clear);
  // "Show password" turns the field into a text field: it is no longer secret (and typing there is checked).
  new MutationObserver(update).observe(document, { attributes: true, attributeFilter: ['type'], subtree: true });
})();
