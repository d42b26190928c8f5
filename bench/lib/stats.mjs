// Small numbers helpers: the bench reports medians with min/max, never means (one noisy neighbour on a
// shared 2-core machine would drag a mean).

export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summary(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** Seconds with a precision that suits the size: 0.123 s, 12.3 s. */
export function secs(ms) {
  if (!Number.isFinite(ms)) return '—';
  const s = ms / 1000;
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

/** "median (min–max)" of milliseconds, as seconds. */
export function spread(xs) {
  if (xs.length === 0) return '—';
  const { median: m, min, max } = summary(xs);
  return xs.length === 1 ? secs(m) : `${secs(m)} (${secs(min)}–${secs(max)})`;
}

export function ratio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN;
}

export function times(x) {
  return Number.isFinite(x) ? `${x.toFixed(1)}×` : '—';
}
