// Shows whether the composer's API, database and broker are up, from the actuator health endpoint.
(async function showStatus() {
  const el = document.getElementById('status');
  try {
    const response = await fetch('/actuator/health', { headers: { Accept: 'application/json' } });
    const health = await response.json();
    el.dataset.state = health.status;
    const parts = Object.entries(health.components || {}).map(([name, c]) => `${name}: ${c.status}`);
    el.textContent = `${health.status}${parts.length ? ' (' + parts.join(', ') + ')' : ''}`;
  } catch (e) {
    el.dataset.state = 'unreachable';
    el.textContent = 'The API does not answer.';
  }
})();
