// Shows whether the composer's API, database and broker are up, from the actuator health endpoint; the parts
// that are down are named, the rest are in the tooltip.
(async function showStatus() {
  const el = document.getElementById('status');
  try {
    const response = await fetch('/actuator/health', { headers: { Accept: 'application/json' } });
    const health = await response.json();
    el.dataset.state = health.status;
    const parts = Object.entries(health.components || {});
    const down = parts.filter(([, c]) => c.status !== 'UP').map(([name, c]) => `${name}: ${c.status}`);
    el.textContent = down.length ? `${health.status} (${down.join(', ')})` : health.status;
    el.title = parts.map(([name, c]) => `${name}: ${c.status}`).join(', ');
  } catch (e) {
    el.dataset.state = 'unreachable';
    el.textContent = 'The API does not answer.';
  }
})();
