// The exercise form check of the live coach: the same analysis as the Python core's
// `tractus.motion.exercise`, driven by the same exercise records (`/coach/rules.json`,
// emitted from `tractus.motion.rules`). Each function mirrors a Python function of the
// same name in `tractus.motion` (filtering, exercise_checks, reps, compensations); the
// agreement test (tests/tractus/motion/test_live_agreement.py) runs both on the same
// landmarks and expects the same reps and faults. A series here is
// { xyz: [frames][33][3] pixels, vis: [frames][33], fps, frameIndex: [frames] }.

const L = Object.fromEntries([
  "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye",
  "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right", "left_shoulder",
  "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_pinky",
  "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb", "left_hip",
  "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle", "left_heel",
  "right_heel", "left_foot_index", "right_foot_index",
].map((name, i) => [name, i]));
export const LANDMARK_INDEX = L;

const MIN_VISIBILITY = 0.5;
const MAX_GAP_S = 0.2;
const EXERCISE_CUTOFF_HZ = 3.0;
const DEG = 180 / Math.PI;

// Python's round(): halves go to the even neighbour.
function roundHalfEven(x) {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// numpy.nanpercentile with linear interpolation.
export function nanPercentile(values, p) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const pos = (p / 100) * (v.length - 1);
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}
const nanMedian = (v) => nanPercentile(v, 50);

function nanArgMax(v, from = 0, to = v.length) {
  let best = -1;
  for (let i = from; i < to; i++) if (Number.isFinite(v[i]) && (best < 0 || v[i] > v[best])) best = i;
  return best;
}
function nanMax(v) {
  const i = nanArgMax(v);
  return i < 0 ? NaN : v[i];
}

// ---- filtering (tractus.motion.filtering) ----
function biquad(cutoffHz, fsHz) {
  const k = Math.tan((Math.PI * cutoffHz) / fsHz);
  const norm = 1 / (1 + Math.SQRT2 * k + k * k);
  const b0 = k * k * norm;
  return [[b0, 2 * b0, b0], [1, 2 * (k * k - 1) * norm, (1 - Math.SQRT2 * k + k * k) * norm]];
}

function lfilter(b, a, x) {
  const y = new Array(x.length);
  let z1 = (b[1] + b[2] - a[1] - a[2]) * x[0];
  let z2 = (b[2] - a[2]) * x[0];
  for (let i = 0; i < x.length; i++) {
    y[i] = b[0] * x[i] + z1;
    z1 = b[1] * x[i] - a[1] * y[i] + z2;
    z2 = b[2] * x[i] - a[2] * y[i];
  }
  return y;
}

export function butterworthFiltfilt(data, cutoffHz, fsHz) {
  const n = data.length;
  if (n < 4) return data.slice();
  const [b, a] = biquad(Math.min(cutoffHz, 0.4 * fsHz), fsHz);
  const pad = Math.min(n - 1, Math.max(9, roundHalfEven(fsHz / cutoffHz)));
  const head = [], tail = [];
  for (let i = pad; i > 0; i--) head.push(2 * data[0] - data[i]);
  for (let i = n - 2; i >= n - pad - 1; i--) tail.push(2 * data[n - 1] - data[i]);
  const forward = lfilter(b, a, head.concat(data, tail));
  const backward = lfilter(b, a, forward.reverse()).reverse();
  return backward.slice(pad, pad + n);
}

function runs(flags) {
  const out = [];
  for (let i = 0; i < flags.length; ) {
    if (!flags[i]) { i++; continue; }
    let j = i;
    while (j < flags.length && flags[j]) j++;
    out.push([i, j]);
    i = j;
  }
  return out;
}

export function fillGaps(x, maxGap) {
  const out = x.slice();
  for (const [start, stop] of runs(out.map(Number.isNaN))) {
    if (start === 0 || stop === out.length || stop - start > maxGap) continue;
    const left = out[start - 1], right = out[stop];
    for (let i = start; i < stop; i++) out[i] = left + (right - left) * ((i - start + 1) / (stop - start + 1));
  }
  return out;
}

function filterSignal(x, cutoffHz, fsHz) {
  const out = x.slice();
  for (const [start, stop] of runs(out.map((v) => !Number.isNaN(v)))) {
    if (stop - start >= 4) {
      const f = butterworthFiltfilt(out.slice(start, stop), cutoffHz, fsHz);
      for (let i = start; i < stop; i++) out[i] = f[i - start];
    }
  }
  return out;
}

// The landmarks the form check reads: only these are cleaned, so re-analysing a long set
// every half second stays cheap (the others stay NaN).
const USED = ["shoulder", "hip", "knee", "ankle"].flatMap((j) => [L[`left_${j}`], L[`right_${j}`]]);

// clean_series: mask unsure landmarks, fill short gaps, low-pass every coordinate.
export function cleanSeries(series) {
  const n = series.xyz.length;
  const maxGap = roundHalfEven(MAX_GAP_S * series.fps);
  const xyz = Array.from({ length: n }, () => Array.from({ length: 33 }, () => [NaN, NaN, NaN]));
  for (const j of USED) {
    for (let c = 0; c < 3; c++) {
      const raw = series.xyz.map((f, i) => (series.vis[i][j] >= MIN_VISIBILITY ? f[j][c] : NaN));
      const clean = filterSignal(fillGaps(raw, maxGap), EXERCISE_CUTOFF_HZ, series.fps);
      for (let i = 0; i < n; i++) xyz[i][j][c] = clean[i];
    }
  }
  return { ...series, xyz };
}

// ---- geometry (tractus.motion.geometry) ----
const pt = (s, name) => s.xyz.map((f) => [f[L[name]][0], f[L[name]][1]]);
const zOf = (s, name) => s.xyz.map((f) => f[L[name]][2]);
const mid = (s, a, b) => pt(s, a).map((p, i) => { const q = pt1(s, b, i); return [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2]; });
const pt1 = (s, name, i) => [s.xyz[i][L[name]][0], s.xyz[i][L[name]][1]];
const sub = (p, q) => [p[0] - q[0], p[1] - q[1]];
const norm = (d) => Math.hypot(d[0], d[1]);

function jointAngle(a, b, c) {
  const u = sub(a, b), v = sub(c, b);
  return Math.abs(Math.atan2(u[0] * v[1] - u[1] * v[0], u[0] * v[0] + u[1] * v[1])) * DEG;
}
const tiltFromVertical = (lower, upper) => Math.atan2(upper[0] - lower[0], -(upper[1] - lower[1])) * DEG;
function lineTilt(left, right) {
  let d = sub(right, left);
  if (d[0] < 0) d = [-d[0], -d[1]];
  return Math.atan2(d[1], d[0]) * DEG;
}
function signedDeviation(a, b, c) {
  const bend = 180 - jointAngle(a, b, c);
  const m = [(a[0] + c[0]) / 2, (a[1] + c[1]) / 2];
  return bend * Math.sign(-(b[1] - m[1]));  // up = (0, -1)
}
const pairAngle = (a0, a1, b0, b1) => jointAngle(sub(a1, a0), [0, 0], sub(b1, b0));
const side = (s, sideName, joint) => pt(s, `${sideName}_${joint}`);

export function legLengthPx(s) {
  const lengths = [];
  for (const sd of ["left", "right"]) {
    const hip = side(s, sd, "hip"), knee = side(s, sd, "knee"), ankle = side(s, sd, "ankle");
    hip.forEach((h, i) => lengths.push(norm(sub(h, knee[i])) + norm(sub(knee[i], ankle[i]))));
  }
  return nanPercentile(lengths, 75);
}

// ---- postures, sides and signals (tractus.motion.exercise_checks) ----
function trunkTilt(s) {
  const hip = mid(s, "left_hip", "right_hip"), sh = mid(s, "left_shoulder", "right_shoulder");
  return hip.map((h, i) => Math.abs(tiltFromVertical(h, sh[i])));
}

function oneFootUp(s, ctx, limits) {
  const stance = side(s, ctx.side, "ankle"), free = side(s, ctx.other, "ankle");
  const leg = legLengthPx(s);
  return stance.map((p, i) => p[1] - free[i][1] > limits.one_foot_up_leg_lengths * leg);
}

export function postureGate(name, s, ctx, limits) {
  if (name === "lying") return trunkTilt(s).map((t) => t > limits.lying_min_trunk_tilt_deg);
  if (name === "standing") return trunkTilt(s).map((t) => t < limits.standing_max_trunk_tilt_deg);
  if (name === "hips_stacked") {
    const r = pt(s, "right_hip");
    return pt(s, "left_hip").map((l, i) => Math.abs(lineTilt(l, r[i])) > 45);
  }
  if (name === "one_foot_up") return oneFootUp(s, ctx, limits);
  throw new Error(`unknown posture gate ${name}`);
}

const context = (sd) => ({ side: sd, other: sd === "left" ? "right" : "left" });

function bentKneeSide(s) {
  const flex = {};
  for (const sd of ["left", "right"]) {
    const hip = side(s, sd, "hip"), knee = side(s, sd, "knee"), ankle = side(s, sd, "ankle");
    flex[sd] = nanMedian(hip.map((h, i) => 180 - jointAngle(h, knee[i], ankle[i])));
  }
  return context(flex.right > flex.left ? "right" : "left");
}

// The index of the point with the most points (itself included) closer than `within`;
// the first on a tie, as numpy's argmax. Every pair is compared once, as squared
// distances in typed arrays: Math.hypot over all ordered pairs took 1.1 s for the 40 s
// the live coach reads (2400 ankle positions) on a busy 2-core machine.
function crowdedest(points, within) {
  const m = points.length, xs = new Float64Array(m), ys = new Float64Array(m);
  points.forEach((p, i) => { xs[i] = p[0]; ys[i] = p[1]; });
  const crowd = new Int32Array(m).fill(1), limit = within * within;
  for (let i = 0; i < m; i++) {
    const x = xs[i], y = ys[i];
    for (let j = i + 1; j < m; j++) {
      const dx = xs[j] - x, dy = ys[j] - y;
      if (dx * dx + dy * dy < limit) { crowd[i]++; crowd[j]++; }
    }
  }
  let best = 0;
  for (let i = 1; i < m; i++) if (crowd[i] > crowd[best]) best = i;
  return best;
}

export function identifyStanceSide(s) {
  const left = pt(s, "left_ankle"), right = pt(s, "right_ankle");
  const radius = 0.1 * legLengthPx(s);
  const both = left.concat(right).filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  if (!both.length || !(radius > 0)) return null;
  const spot = both[crowdedest(both, radius / 2)];
  let votesL = 0, votesR = 0;
  left.forEach((l, i) => {
    const apart = norm(sub(l, right[i])) > 2 * radius;
    if (apart && norm(sub(l, spot)) < radius) votesL++;
    if (apart && norm(sub(right[i], spot)) < radius) votesR++;
  });
  const win = Math.max(votesL, votesR), lose = Math.min(votesL, votesR);
  if (win < 0.4 * s.xyz.length || win < 1.5 * lose) return null;
  return votesL > votesR ? "left" : "right";
}

export function workingSide(rule, s) {
  if (rule === "top") {
    const r = pt(s, "right_hip");
    return context(nanMedian(pt(s, "left_hip").map((l, i) => l[1] - r[i][1])) < 0 ? "left" : "right");
  }
  if (rule === "bent_knee") return bentKneeSide(s);
  if (rule === "stance") {
    const sd = identifyStanceSide(s);
    return sd ? context(sd) : null;
  }
  throw new Error(`unknown side rule ${rule}`);
}

function depthAngle(s, near, far) {
  const pn = pt(s, near), pf = pt(s, far), zn = zOf(s, near), zf = zOf(s, far);
  return pn.map((p, i) => Math.atan2(zn[i] - zf[i], norm(sub(pf[i], p))) * DEG);
}

function squatFlexion(s, ctx, frontal) {
  const hip = side(s, ctx.side, "hip"), knee = side(s, ctx.side, "knee"), ankle = side(s, ctx.side, "ankle");
  if (!frontal) return hip.map((h, i) => 180 - jointAngle(h, knee[i], ankle[i]));
  const length = nanPercentile(hip.map((h, i) => norm(sub(h, knee[i])) + norm(sub(knee[i], ankle[i]))), 95);
  return hip.map((h, i) => 2 * Math.acos(Math.min(1, Math.max(-1, (ankle[i][1] - h[1]) / length))) * DEG);
}

const SIGNALS = {
  clam_opening_deg: (s, c) => {
    const th = side(s, c.side, "hip"), tk = side(s, c.side, "knee"), bh = side(s, c.other, "hip"), bk = side(s, c.other, "knee");
    return th.map((h, i) => pairAngle(h, tk[i], bh[i], bk[i]));
  },
  leg_abduction_deg: (s, c) => {
    const th = side(s, c.side, "hip"), ta = side(s, c.side, "ankle"), bh = side(s, c.other, "hip"), ba = side(s, c.other, "ankle");
    return th.map((h, i) => pairAngle(h, ta[i], bh[i], ba[i]));
  },
  bridge_line_deviation_deg: (s, c) => {
    const sh = side(s, c.side, "shoulder"), hip = side(s, c.side, "hip"), knee = side(s, c.side, "knee");
    return sh.map((p, i) => signedDeviation(p, hip[i], knee[i]));
  },
  bridge_hip_angle_deg: (s, c) => SIGNALS.bridge_line_deviation_deg(s, c).map((d) => 180 + d),
  plank_lift_deg: (s) => {
    const ankle = mid(s, "left_ankle", "right_ankle"), hip = mid(s, "left_hip", "right_hip");
    return hip.map((h, i) => Math.atan2(-(h[1] - ankle[i][1]), Math.abs(h[0] - ankle[i][0])) * DEG);
  },
  plank_line_deviation_deg: (s) => {
    const sh = mid(s, "left_shoulder", "right_shoulder"), hip = mid(s, "left_hip", "right_hip"), an = mid(s, "left_ankle", "right_ankle");
    return sh.map((p, i) => signedDeviation(p, hip[i], an[i]));
  },
  squat_knee_flexion_front_deg: (s, c) => squatFlexion(s, c, true),
  squat_knee_flexion_side_deg: (s, c) => squatFlexion(s, c, false),
  hip_descent_pct: (s, c) => {
    const hip = side(s, c.side, "hip"), ankle = side(s, c.side, "ankle");
    const height = hip.map((h, i) => ankle[i][1] - h[1]);
    const top = nanPercentile(height, 95);
    return height.map((h) => 100 * (1 - h / top));
  },
  pelvis_roll_back_deg: (s, c) => depthAngle(s, `${c.other}_hip`, `${c.side}_hip`).map((a) => -a),
  feet_apart_pct_leg: (s) => {
    const leg = legLengthPx(s), r = pt(s, "right_ankle");
    return pt(s, "left_ankle").map((l, i) => (norm(sub(l, r[i])) / leg) * 100);
  },
  hip_flexion_lying_deg: (s, c) => {
    const top = depthAngle(s, `${c.side}_hip`, `${c.side}_ankle`), low = depthAngle(s, `${c.other}_hip`, `${c.other}_ankle`);
    return top.map((t, i) => t - low[i]);
  },
  pelvic_drop_deg: (s, c) => {
    const stance = side(s, c.side, "hip"), free = side(s, c.other, "hip");
    return stance.map((p, i) => Math.atan2(free[i][1] - p[1], Math.abs(free[i][0] - p[0])) * DEG);
  },
  trunk_side_lean_deg: (s, c) => {
    const hip = mid(s, "left_hip", "right_hip"), sh = mid(s, "left_shoulder", "right_shoulder");
    const stanceX = side(s, c.side, "hip");
    return hip.map((h, i) => tiltFromVertical(h, sh[i]) * Math.sign(stanceX[i][0] - h[0]));
  },
};
export const signal = (name, s, ctx) => {
  if (!SIGNALS[name]) throw new Error(`unknown signal ${name}`);
  return SIGNALS[name](s, ctx);
};

// ---- repetitions (tractus.motion.reps) ----
const MIN_REP_S = 0.6, MAX_REP_S = 30.0, MIN_POSTURE_SHARE = 0.8;
const UP = 0.5, DOWN = 0.2, STILL = 0.05, PLATEAU = 0.9;

function tempo(x, start, end, fps) {
  const seg = x.slice(start, end + 1);
  const base = seg[seg.length - 1] < seg[0] ? seg[seg.length - 1] : seg[0];
  const level = base + PLATEAU * (nanMax(seg) - base);
  const top = [];
  seg.forEach((v, i) => { if (v >= level) top.push(i); });
  const first = top[0], last = top[top.length - 1];
  return [first / fps, (last - first) / fps, (seg.length - 1 - last) / fps];
}

function onset(x, i, step, stop, level) {
  while (i !== stop && Number.isFinite(x[i + step]) && level < x[i + step] && x[i + step] <= x[i]) i += step;
  return i;
}

function candidates(x, hi, lo, still) {
  const out = [];
  let i = 0, prevEnd = 0;
  const n = x.length;
  while (i < n) {
    if (!(x[i] > hi)) { i++; continue; }
    let j = i;
    while (j < n && !(x[j] < lo)) j++;
    if (j >= n) break;  // the set ends mid-rep: not counted
    const start = Math.max(prevEnd, onset(x, i, -1, prevEnd, still) - 1);
    const end = Math.min(n - 1, onset(x, j, 1, n - 1, still) + 1);
    out.push([start, end]);
    prevEnd = end;
    i = end + 1;
  }
  return out;
}

export function detectReps(signalDeg, inPosture, fps, minRangeDeg) {
  const x = signalDeg.map((v, i) => (inPosture[i] ? v : NaN));
  if (x.filter(Number.isFinite).length < 3) return [];
  const rest = nanPercentile(x, 5), top = nanPercentile(x, 95);
  const span = Math.max(top - rest, minRangeDeg);
  const reps = [];
  for (const [start, end] of candidates(x, rest + UP * span, rest + DOWN * span, rest + STILL * span)) {
    const seg = x.slice(start, end + 1);
    if (seg.filter(Number.isFinite).length / seg.length < MIN_POSTURE_SHARE || !Number.isFinite(x[start])) continue;
    const peak = nanArgMax(x, start, end + 1);
    const range = x[peak] - x[start];
    const duration = (end - start) / fps;
    if (range < minRangeDeg || !(MIN_REP_S <= duration && duration <= MAX_REP_S)) continue;
    const [upS, holdS, downS] = tempo(x, start, end, fps);
    reps.push({ start, peak, end, range, upS, holdS, downS });
  }
  return reps;
}

// ---- faults (tractus.motion.compensations) ----
const HOLD_TOP_SHARE = 0.3;

function reading(rule, values, angle, rep) {
  const v = values.map((x) => rule.sign * x);
  if (rule.mode === "rise") return v[rep.peak] - v[rep.start];
  if (rule.mode === "at_peak") return v[rep.peak];
  if (rule.mode === "near_peak") return nanMax(v.slice(Math.max(rep.start, rep.peak - 2), rep.peak + 3));
  const top = angle.slice(rep.start, rep.end + 1);
  const level = nanMax(top) - HOLD_TOP_SHARE * rep.range;
  return nanMax(v.slice(rep.start, rep.end + 1).filter((_, i) => top[i] >= level));
}

export function readFault(rule, values, angle, rep) {
  const value = reading(rule, values, angle, rep);
  return Number.isFinite(value) && value > rule.threshold
    ? { code: rule.code, message: rule.message, cue: rule.cue, value_deg: value, threshold_deg: rule.threshold, source: rule.source }
    : null;
}

// ---- the whole check (tractus.motion.exercise.analyse_exercise) ----
export function ruleFor(doc, exercise, view) {
  const rule = doc.exercises[exercise];
  if (!rule) throw new Error(`unknown exercise ${exercise}`);
  return view === "side" && rule.side_view ? rule.side_view : rule;
}

export function postureOf(rule, s, ctx, limits) {
  const ok = s.xyz.map(() => true);
  for (const gate of rule.posture) postureGate(gate, s, ctx, limits).forEach((g, i) => { ok[i] = ok[i] && g; });
  return ok;
}

// Analyse a cleaned series: { side, reps: [{start_frame, peak_frame, end_frame, range_deg,
// up_s, hold_s, down_s, faults}], warnings }.
export function analyseExercise(doc, exercise, s, view) {
  const rule = ruleFor(doc, exercise, view);
  const ctx = workingSide(rule.side_rule, s);
  if (!ctx) return { side: null, reps: [], warnings: ["No single-leg stance was found: both feet stay on the floor."] };
  const detectOn = signal(rule.detect || rule.angle, s, ctx);
  const minRange = rule.detect ? rule.detect_min : rule.min_range_deg;
  const reps = detectReps(detectOn, postureOf(rule, s, ctx, doc.posture_limits), s.fps, minRange);
  const angle = signal(rule.angle, s, ctx);
  const faultSignals = rule.faults.map((f) => signal(f.signal, s, ctx));
  const frame = (i) => (s.frameIndex ? s.frameIndex[i] : i);
  return {
    side: ctx.side,
    reps: reps.map((rep) => ({
      start_frame: frame(rep.start), peak_frame: frame(rep.peak), end_frame: frame(rep.end),
      range_deg: rule.detect ? angle[rep.peak] : rep.range,
      up_s: rep.upS, hold_s: rep.holdS, down_s: rep.downS,
      faults: rule.faults.map((f, k) => readFault(f, faultSignals[k], angle, rep)).filter(Boolean),
    })),
    warnings: reps.length ? [] : [`No ${rule.label.toLowerCase()} repetitions were found.`],
  };
}
