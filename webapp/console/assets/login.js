// The sign-in page: fetch the session's CSRF token into the form, explain why we are here.
const messages = {
  credentials: 'Wrong user or password.',
  expired: 'The sign-in form had expired. Please try again.',
};
const params = new URLSearchParams(location.search);
const message = document.getElementById('message');
const why = params.get('error');
if (why && messages[why]) {
  message.textContent = messages[why];
  message.hidden = false;
} else if (params.has('signedout')) {
  message.textContent = 'Signed out.';
  message.className = 'notice';
  message.hidden = false;
}

try {
  const r = await fetch('../api/console/session', { credentials: 'same-origin' });
  const s = await r.json();
  if (s.authenticated) {
    location.replace('./');
  }
  document.getElementById('csrf').value = s.csrf;
  document.getElementById('chain').textContent = `Chain ${s.chainId}: operators of this node sign in here.`;
  document.getElementById('submit').disabled = false;
  document.getElementById('username').focus();
} catch (e) {
  message.textContent = 'The node does not answer: ' + e.message;
  message.hidden = false;
}
