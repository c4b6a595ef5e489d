// A run (tutorial Fig. 16 and the inference results of Fig. 17): live status and progress over SSE, the key
// settings used, per-epoch accuracy and losses while it trains, accuracy over inference time on a log axis
// with a ±1 std band, downloads, cancel, run again and edit a copy.

import { get, post } from '../api.js';
import { breakable, dialog, h, replace, toast } from '../dom.js';
import { lineChart } from '../charts.js';
import { KIND_WORDS, TERMINAL, dateTime, duration, percent } from '../format.js';
import { follow } from '../live.js';
import { chip, setChip } from './chips.js';
import { hardwareResult } from './hardware-result.js';

/** Series of a training run from its per-epoch metrics (accuracy as a fraction → percent). */
export function epochSeries(steps) {
  const rows = steps.filter((s) => s.kind === 'epoch').sort((a, b) => a.step - b.step);
  const pick = (key, scale = 1) => rows.map((r) => (Number.isFinite(r.metrics?.[key]) ? r.metrics[key] * scale : null));
  return {
    epochs: rows.map((r) => r.step + 1),
    accuracy: pick('accuracy', 100),
    trainLoss: pick('train_loss'),
    validLoss: pick('valid_loss'),
  };
}

/**
 * Series of an inference run: accuracy (percent) ± std per time. From the result when there is one, else from
 * the live steps. Time 0 cannot sit on a log axis, so it is returned apart.
 */
export function inferenceSeries(result, steps) {
  let points = (result?.inference || []).map((p) => ({ t: p.t_inference, mean: p.avg_accuracy, std: p.std_accuracy }));
  if (!points.length) {
    points = steps.filter((s) => s.kind === 'inference_time').sort((a, b) => a.t_inference - b.t_inference).map((s) => ({
      t: s.t_inference, mean: s.metrics?.avg_accuracy ?? s.metrics?.accuracy, std: s.metrics?.std_accuracy ?? 0,
    })).filter((p) => Number.isFinite(p.mean));
  }
  const positive = points.filter((p) => p.t > 0);
  return {
    atZero: points.find((p) => p.t === 0) || null,
    all: points,
    columns: [positive.map((p) => p.t), positive.map((p) => p.mean),
      positive.map((p) => p.mean + (p.std || 0)), positive.map((p) => p.mean - (p.std || 0))],
  };
}

export async function runView(main, ctx, id) {
  let run = await get(`/api/v1/runs/${id}`);
  const [experiment, metrics] = await Promise.all([
    get(`/api/v1/experiments/${run.experiment_id}`).catch(() => null),
    get(`/api/v1/runs/${id}/metrics`)]);
  const steps = metrics.steps || [];
  let result = null;
  let submitted = null;
  let stopLive = () => {};
  const kind = experiment?.kind || experiment?.document?.kind || 'training';
  const training = kind === 'training';

  const statusChip = chip(run.status);
  const progress = h('progress', { id: 'run-progress', max: 1, value: 0, 'aria-labelledby': 'progress-label' });
  const progressLabel = h('span', { id: 'progress-label' });
  const facts = h('dl', { class: 'facts', id: 'run-facts' });
  const failure = h('div', { class: 'failure', role: 'alert', hidden: true });
  // Why a queued run does not move, e.g. "no worker for gpu is running; the run fails at 10:32 UTC unless one starts".
  const waiting = h('p', { class: 'notice', id: 'run-waiting', role: 'status', hidden: true });
  const settings = h('dl', { class: 'facts', id: 'key-settings' });
  const downloads = h('ul', { class: 'downloads', id: 'downloads' });
  const numbers = h('div', { class: 'table-wrap', id: 'numbers' });
  const cancel = h('button', { type: 'button', class: 'danger', id: 'cancel-run' }, 'Cancel run');
  const again = h('button', { type: 'button', id: 'run-again' }, 'Run again');
  const copy = h('button', { type: 'button', id: 'edit-copy' }, 'Edit a copy');
  const charts = h('div', { class: 'charts' });

  // A train-then-drift inference run trains first: its epochs are charted like a training run's.
  const trainsFirst = !training && !(experiment?.document?.inference?.weight_template) && !(experiment?.document?.inference?.target_conductances);
  const withEpochs = training || trainsFirst;
  const accuracyChart = withEpochs ? lineChart({ id: 'accuracy', title: 'Accuracy per epoch', xLabel: 'Epoch', yLabel: 'Accuracy (%)', series: [{ label: 'Validation accuracy (%)' }] }) : null;
  const lossChart = withEpochs ? lineChart({ id: 'loss', title: 'Loss per epoch', xLabel: 'Epoch', yLabel: 'Loss', series: [{ label: 'Training loss' }, { label: 'Validation loss', dash: [6, 4] }] }) : null;
  const timeChart = !training ? lineChart({
    id: 'accuracy-time', title: 'Accuracy over time after programming', xLabel: 'Time after programming (s, log scale)', yLabel: 'Accuracy (%)', logX: true,
    series: [{ label: 'Mean accuracy (%)' }, { label: '+1 std', stroke: 'rgba(15,98,254,0.35)', width: 1 }, { label: '−1 std', stroke: 'rgba(15,98,254,0.35)', width: 1 }],
    band: [2, 3],
  }) : null;
  const atZero = h('p', { class: 'muted', id: 'accuracy-at-zero' });
  const noResults = h('p', { class: 'empty', id: 'no-results', hidden: true });
  const hardwareBox = h('div', { id: 'hardware-box' });

  function drawCharts() {
    const epochSteps = result?.epochs?.length ? result.epochs.map((e) => ({ kind: 'epoch', step: e.epoch, metrics: e.metrics })) : steps;
    if (!training && withEpochs) {
      const s = epochSeries(epochSteps);
      accuracyChart.set([s.epochs, s.accuracy]);
      lossChart.set([s.epochs, s.trainLoss, s.validLoss]);
    }
    if (training) {
      const s = epochSeries(result?.epochs?.length ? result.epochs.map((e) => ({ kind: 'epoch', step: e.epoch, metrics: e.metrics })) : steps);
      accuracyChart.set([s.epochs, s.accuracy]);
      lossChart.set([s.epochs, s.trainLoss, s.validLoss]);
      replace(numbers, s.epochs.length ? h('table', { class: 'list numbers' },
        h('caption', {}, 'Per-epoch numbers'),
        h('thead', {}, h('tr', {}, ['Epoch', 'Accuracy (%)', 'Training loss', 'Validation loss'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, s.epochs.map((ep, i) => h('tr', {}, h('th', { scope: 'row' }, ep),
          [s.accuracy[i], s.trainLoss[i], s.validLoss[i]].map((v, j) => h('td', {}, v == null ? '—' : v.toFixed(j === 0 ? 2 : 4))))))) : null);
    } else {
      const s = inferenceSeries(result, steps);
      timeChart.set(s.columns);
      atZero.textContent = s.atZero ? `Right after programming (t = 0 s): ${percent(s.atZero.mean, 2)} ± ${percent(s.atZero.std, 2)} — not on the log axis.` : '';
      replace(numbers, s.all.length ? h('table', { class: 'list numbers' },
        h('caption', {}, 'Accuracy at each time'),
        h('thead', {}, h('tr', {}, ['Time after programming', 'Mean accuracy', 'Std'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, s.all.map((p) => h('tr', {}, h('th', { scope: 'row' }, duration(p.t)), h('td', {}, percent(p.mean, 2)),
          h('td', {}, percent(p.std, 2)))))) : null);
    }
    const empty = !(steps.length || result);
    charts.dataset.empty = String(empty);
    // A run that ended without a single step has nothing to chart: say so instead of empty axes.
    const nothing = empty && TERMINAL.has(run.status);
    charts.hidden = nothing;
    noResults.hidden = !nothing;
    noResults.textContent = run.status === 'cancelled' ? 'No results: the run was cancelled before its first step.'
      : 'No results: the run ended before its first step.';
  }

  function showProgress() {
    // The newest step: inference times come after a train-then-drift run's epochs.
    const rank = (x) => (x.kind === 'epoch' ? 0 : 1);
    const last = steps.reduce((a, x) => (a == null || rank(x) > rank(a) || (rank(x) === rank(a) && x.step > a.step) ? x : a), null);
    progress.hidden = false;
    if (run.status === 'completed') {
      progress.max = 1;
      progress.value = 1;
      progressLabel.textContent = 'Finished';
    } else if (last) {
      const done = last.step + 1;
      const what = last.kind === 'epoch'
        ? `Epoch ${done} of ${last.total_steps}`
        : `Time ${done} of ${last.total_steps} (${duration(last.t_inference)})`;
      if (TERMINAL.has(run.status)) {
        progress.max = last.total_steps;
        progress.value = done;
        progressLabel.textContent = `Stopped after ${what.charAt(0).toLowerCase()}${what.slice(1)}`;
      } else {
        // Until the run has finished, the last step is not the end (results are still being written, or the
        // times follow the epochs): the bar keeps one share back.
        progress.max = last.total_steps + 1;
        progress.value = done;
        progressLabel.textContent = done >= last.total_steps
          ? `${what} done; ${last.kind === 'epoch' && withEpochs && !training ? 'evaluating the drift next' : 'finishing'}`
          : what;
      }
    } else if (TERMINAL.has(run.status)) {
      // No animated bar for a run that will not move any more.
      progress.hidden = true;
      progressLabel.textContent = 'No progress was reported';
    } else {
      progress.removeAttribute('value'); // indeterminate until the first step arrives
      progressLabel.textContent = 'Waiting for the first step';
    }
  }

  function showRun() {
    setChip(statusChip, run.status);
    cancel.hidden = TERMINAL.has(run.status) || run.cancel_requested;
    replace(facts,
      h('dt', {}, 'Kind'), h('dd', {}, KIND_WORDS[kind] || kind),
      h('dt', {}, 'Backend'), h('dd', { id: 'run-backend' }, run.backend || `${run.requested_backend || 'auto'} (not chosen yet)`,
        run.routing ? h('span', { class: 'muted', id: 'run-routing' }, ` — ${run.routing}`) : null),
      h('dt', {}, 'Attempt'), h('dd', {}, String(run.attempt ?? 1)),
      run.worker ? [h('dt', {}, 'Worker'), h('dd', {}, run.worker)] : null,
      h('dt', {}, 'Submitted'), h('dd', {}, dateTime(run.created_at)),
      h('dt', {}, 'Started'), h('dd', {}, dateTime(run.started_at)),
      h('dt', {}, 'Finished'), h('dd', {}, dateTime(run.finished_at)),
      runDuration() != null ? [h('dt', {}, 'Duration'), h('dd', { id: 'run-duration' }, duration(runDuration()))] : null,
      result?.summary?.test_accuracy != null ? [h('dt', {}, 'Test accuracy'), h('dd', {}, percent(result.summary.test_accuracy * 100, 2))] : null);
    waiting.hidden = !run.status_detail || TERMINAL.has(run.status);
    waiting.textContent = run.status_detail || '';
    const errors = run.errors || [];
    failure.hidden = run.status !== 'failed' && run.status !== 'cancelled';
    replace(failure,
      h('h2', {}, run.status === 'cancelled' ? 'Cancelled' : 'Why it failed'),
      h('p', {}, run.failure_reason || (run.status === 'cancelled' ? 'The run was cancelled.' : 'No reason was given.')),
      errors.length ? h('ul', {}, errors.map((e) => h('li', {}, h('code', {}, e.pointer || '/'), ' ', e.message, e.allowed ? ` (allowed: ${e.allowed})` : ''))) : null,
      errors.length && experiment ? h('p', {}, h('a', { href: `#/experiments/${experiment.id}` }, 'Fix it in the editor')) : null);
    showProgress();
  }

  /** The result's duration (the whole job's wall time on a worker), else, for a run without result, start to end. */
  function runDuration() {
    if (result && Number.isFinite(result.duration_seconds)) return result.duration_seconds;
    if (run.started_at && run.finished_at) return Math.max(0, Math.round((new Date(run.finished_at) - new Date(run.started_at)) / 1000));
    return null;
  }

  /** The settings that decide the outcome, from the exact document the run used. */
  function showSettings() {
    const d = submitted || experiment?.document || {};
    const rc = d.rpu_config || {};
    const rows = [
      ['Dataset', d.dataset?.name],
      ['Preset', d.preset || 'none'],
      ['Configuration type', rc.type],
      ...layerPresets(d),
      withEpochs ? ['Optimizer', d.training?.optimizer ? `${d.training.optimizer.type || 'analog_sgd'}, lr ${d.training.optimizer.lr ?? 'default'}` : null] : null,
      withEpochs ? ['Epochs × batch', d.training ? `${d.training.epochs ?? 'default'} × ${d.training.batch_size ?? 'default'}` : null] : null,
      withEpochs ? ['Loss', d.training?.loss] : null,
      ['Device', rc.device?.type],
      ['Noise model', rc.noise_model?.type],
      ['Drift compensation', rc.drift_compensation?.type],
      !training ? ['Pre-trained weights', d.inference?.weight_template || 'trained first'] : null,
      !training ? ['Repetitions', kind === 'hardware_inference' ? chipRepetitions(d, result) : d.inference?.repetitions] : null,
      ['Seed', d.seed],
      ['Engine version', result?.simulator_version],
    ].filter((r) => r && r[1] != null && r[1] !== '');
    replace(settings, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'string' && /^[A-Z]\w+$/.test(v) ? breakable(v) : String(v))]));
  }

  async function loadFinished() {
    const artifacts = await get(`/api/v1/runs/${id}/artifacts`).catch(() => ({ artifacts: [] }));
    replace(downloads, artifacts.artifacts.length
      ? artifacts.artifacts.map((a) => h('li', {}, h('a', { href: a.href, download: a.name }, describeArtifact(a.name))))
      : h('li', { class: 'muted' }, 'Nothing to download yet.'));
    if (artifacts.artifacts.some((a) => a.name === 'submitted.json')) {
      submitted = await get(`/api/v1/runs/${id}/artifacts/submitted.json`).catch(() => null);
    }
    if (run.status === 'completed') result = await get(`/api/v1/runs/${id}/result`).catch(() => null);
    replace(hardwareBox, hardwareResult(result));
    showSettings();
    showRun();
    drawCharts();
  }

  cancel.addEventListener('click', async () => {
    const answer = await dialog({
      title: 'Cancel this run?',
      body: h('p', {}, run.status === 'running' ? 'The run stops at its next step; what it computed so far is kept.' : 'The run will not start.'),
      actions: [{ label: 'Keep running', value: 'cancel' }, { label: 'Cancel run', value: 'ok', class: 'danger' }],
    });
    if (answer !== 'ok') return;
    cancel.disabled = true;
    try {
      run = await post(`/api/v1/runs/${id}/cancel`);
      toast(run.status === 'cancelled' ? 'Cancelled.' : 'Cancellation requested; the run stops at its next step.');
      showRun();
    } catch (e) {
      toast(e.plain, 'error');
    } finally {
      cancel.disabled = false;
    }
  });
  again.addEventListener('click', async () => {
    again.disabled = true;
    try {
      const next = await post(`/api/v1/experiments/${run.experiment_id}/runs`, { backend: run.requested_backend || 'auto' });
      ctx.go(`/runs/${next.id}`);
    } catch (e) {
      toast(e.plain, 'error');
      again.disabled = false;
    }
  });
  copy.addEventListener('click', async () => {
    copy.disabled = true;
    try {
      const clone = await post(`/api/v1/experiments/${run.experiment_id}/clone`);
      ctx.go(`/experiments/${clone.id}`);
    } catch (e) {
      toast(e.plain, 'error');
      copy.disabled = false;
    }
  });

  const title = experiment ? experiment.name : `Run ${id.slice(0, 8)}`;
  replace(main,
    h('div', { class: 'page-head' },
      h('div', { class: 'run-title' }, h('h1', {}, h('span', { class: 'clamp', title }, title), ' ', statusChip),
        h('p', { class: 'muted' }, `Run ${id}`, experiment ? [' of ', h('a', { href: `#/experiments/${experiment.id}` }, 'this experiment')] : null)),
      h('div', { class: 'run-controls' }, cancel, again, copy)),
    h('div', { class: 'progress' }, progressLabel, progress),
    waiting,
    failure,
    h('div', { class: 'run-layout' },
      h('section', { 'aria-labelledby': 'results-title', class: 'results' },
        h('h2', { id: 'results-title' }, 'Results'), noResults, charts, atZero, numbers, hardwareBox),
      h('aside', {},
        h('h2', {}, 'Run'), facts,
        h('h2', {}, 'Key settings'), settings,
        h('h2', {}, 'Downloads'), downloads)));
  if (withEpochs) charts.append(accuracyChart.element, lossChart.element);
  if (!training) charts.append(timeChart.element);
  [accuracyChart, lossChart, timeChart].filter(Boolean).forEach((c) => c.mount());
  showRun();
  showSettings();
  drawCharts();
  await loadFinished();

  // Whether a queued run's backend has a worker changes without the run changing: look again now and then.
  const queued = new Set(['waiting', 'validating', 'validated']);
  const recheck = setInterval(async () => {
    if (!queued.has(run.status)) return;
    const now = await get(`/api/v1/runs/${id}`).catch(() => null);
    if (now && queued.has(run.status)) {
      run = now;
      showRun();
    }
  }, 15000);

  if (!TERMINAL.has(run.status)) {
    const mergeStep = (data) => {
      const existing = steps.findIndex((s) => s.kind === data.kind && s.step === data.step);
      if (existing >= 0) steps[existing] = data;
      else steps.push(data);
    };
    stopLive = follow(id, {
      open: async () => {
        // steps committed between this page's first read and the stream's start came to no stream: read again
        const now = await get(`/api/v1/runs/${id}/metrics`).catch(() => null);
        (now?.steps || []).forEach(mergeStep);
        showProgress();
        drawCharts();
      },
      status: async (data) => {
        run = { ...run, ...data };
        showRun();
        if (TERMINAL.has(data.status)) {
          run = await get(`/api/v1/runs/${id}`);
          await loadFinished();
        }
      },
      metric: (data) => {
        mergeStep(data);
        showProgress();
        drawCharts();
      },
      error: async () => {
        // The stream broke (server restart, network): re-read the run so the page is not left stale.
        run = await get(`/api/v1/runs/${id}`).catch(() => run);
        showRun();
        if (TERMINAL.has(run.status)) {
          stopLive();
          await loadFinished();
        }
      },
    });
  }
  return () => {
    clearInterval(recheck);
    stopLive();
    [accuracyChart, lossChart, timeChart].filter(Boolean).forEach((c) => c.destroy());
  };
}

/** Layers whose analog configuration differs from the experiment's: ["Layer 2 preset", "IdealizedPreset"]. */
export function layerPresets(doc) {
  return (doc?.network?.layers || []).flatMap((l, i) => {
    if (!l.preset && !l.rpu_config) return [];
    return [[`Layer ${i + 1} preset`, `${l.preset || doc.preset || 'none'}${l.rpu_config ? ' + own settings' : ''}`]];
  });
}

function describeArtifact(name) {
  return {
    'submitted.json': 'The experiment document as submitted (JSON)',
    'resolved.json': 'The fully resolved document the run used (JSON)',
    'result.json': 'The result: per-epoch and per-time metrics (JSON)',
    'programmed_conductances.csv': 'Programmed conductances read back from the chip (Fusion CSV, for AIHWKit fusion_import)',
    'target_conductances.csv': 'Target conductances sent to the chip (Fusion CSV)',
    'checkpoint.acck': 'The trained weights (Analog Composer checkpoint)',
  }[name] || name;
}

/** A chip run's repetitions: each one programmed the chip anew (the result says how many were done). */
function chipRepetitions(d, result) {
  const n = result?.hardware?.repetitions?.length || d.inference?.repetitions;
  return n ? `${n} (each programs the chip anew)` : null;
}
