// Runs in each page: sends the page's visible text once it has loaded (for keyword matching, if the school's
// policy asks for it), and says when a password field has the focus so the agent drops what is typed there.
// It never reads the value of any field.
(() => {
  const text = document.body ? document.body.innerText.slice(0, 100000) : '';
  if (text) chrome.runtime.sendMessage({ type: 'page-text', text }).catch(() => undefined);
  const isSecret = (el) => el instanceof HTMLInputElement && el.type === 'password';
  document.addEventListener('focusin', (e) => {
    if (isSecret(e.target)) chrome.runtime.sendMessage({ type: 'secret-input', focused: true }).catch(() => undefined);
  });
  document.addEventListener('focusout', (e) => {
    if (isSecret(e.target)) chrome.runtime.sendMessage({ type: 'secret-input', focused: false }).catch(() => undefined);
  });
})();
