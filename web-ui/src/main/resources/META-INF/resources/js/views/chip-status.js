// The PCM chip a live hardware worker drives, as GET /api/v1/backends reports it from the worker's announcements:
// who the chip is, its crossbar, and whether it answers now. Shared by the gallery and the editor.

/** The hardware backend's chip that answers (else the first one heard of), or null when no worker reported one. */
export function liveChip(hardware) {
  const chips = hardware?.chips || [];
  return chips.find((c) => c.online && c.chip_id) || chips.find((c) => c.chip_id) || chips[0] || null;
}

/** Devices on the chip (one per analog weight). */
export function chipDevices(c) {
  return (c?.tiles || 0) * (c?.word_lines || 0) * (c?.bit_lines || 0);
}

/** "1 crossbar of 512 word lines × 2048 bit lines" */
export function crossbarWords(c) {
  return `${c.tiles} crossbar${c.tiles === 1 ? '' : 's'} of ${c.word_lines} word lines × ${c.bit_lines} bit lines`;
}

/** "fusion-0 (Fusion-like PCM crossbar (emulated))" */
export function chipName(c) {
  return `${c.chip_id}${c.model ? ` (${c.model})` : ''}`;
}

/** "emulator analog-composer-emulator/1.0" or "firmware lab-fw/3" */
export function firmwareWords(c) {
  return `${c.emulated ? 'emulator' : 'firmware'} ${c.firmware_version || 'unknown'}`;
}

/** One sentence for where the backend is chosen: which chip a run will be programmed on, and whether it answers. */
export function chipLine(hardware) {
  if (!hardware) return 'Checking the chip…';
  if (!hardware.live) return 'No hardware worker is live: a run waits for one.';
  const c = liveChip(hardware);
  if (!c?.chip_id) return `The hardware worker has not reached its chip yet${c?.detail ? ` (${c.detail})` : ''}: a run waits for it.`;
  return `Runs on chip ${chipName(c)}, ${firmwareWords(c)}, ${crossbarWords(c)}: ${c.online
    ? `online${c.detail ? ` (${c.detail})` : ''}` : `offline (${c.detail}); a run waits for it`}.`;
}
