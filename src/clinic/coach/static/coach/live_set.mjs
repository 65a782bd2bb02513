// One set on the live coach, checked as it grows: the form check (analysis.mjs, the
// whole-clip analysis of tractus.motion) reads only the last WINDOW_S seconds, so a check
// costs the same in the fifth minute of a set as in the first (bench/coach_window.py).
// What scrolls out of the window is already settled: reps counted stay counted and the
// seconds held are added up as they settle. Pure (no page, no camera): the coach page
// drives it, and tests/clinic/test_coach_window.py runs it under Node against the
// whole-set analysis on real landmarks.
import { analyseExercise, cleanSeries, postureOf, ruleFor, signal, workingSide } from "./analysis.mjs";

// Longer than the longest repetition the check counts (MAX_REP_S, 30 s, in analysis.mjs
// and tractus.motion.reps) with room for the rest before and after it, so every rep is
// seen whole while it can still change.
export const WINDOW_S = 40;
// A rep counted more than this long ago stays counted: a later reading may merge or drop
// an earlier rep (the filter sees more frames); the count a runner heard never goes down.
// Held time settles after the same delay.
export const SETTLE_S = 1.5;

// Frames as the coach records them ({t: ms, xyz, vis}), numbered from the set's start.
function seriesOf(frames, first) {
  const t0 = frames[0].t, span = (frames[frames.length - 1].t - t0) / 1000;
  const fps = frames.length > 1 && span > 0 ? (frames.length - 1) / span : 30;
  return {
    xyz: frames.map((f) => f.xyz), vis: frames.map((f) => f.vis), fps,
    frameIndex: frames.map((_, i) => first + i),
  };
}

export function settledReps(previous, fresh, lastFrame, fps) {
  const cutoff = lastFrame - Math.round(fps * SETTLE_S);
  const settled = previous.filter((rep) => rep.end_frame < cutoff);
  const after = settled.length ? settled[settled.length - 1].end_frame : -1;
  return settled.concat(fresh.filter((rep) => rep.start_frame >= after));
}

export class LiveSet {
  // `rule` is the exercise record the page set up with (its posture gates and hold
  // limits); `view` the camera view the reps are read in.
  constructor(doc, exercise, rule, view) {
    Object.assign(this, { doc, exercise, rule, view });
    this.frames = [];      // the window (and a little more until it is trimmed)
    this.first = 0;        // set index of frames[0]
    this.count = 0;        // frames in the whole set
    this.firstT = null;
    this.reps = [];
    this.heldMs = 0;       // settled held time
    this.heldUpTo = 1;     // set index of the next frame whose held time is not settled
    this.holdMs = 0;       // settled + the provisional tail
  }

  push(frame) {
    this.firstT ??= frame.t;
    this.frames.push(frame);
    this.count += 1;
  }

  get durationS() {
    return this.count > 1 ? (this.frames[this.frames.length - 1].t - this.firstT) / 1000 : 0;
  }

  // How many of the kept frames are older than the window. They are dropped only once
  // half the array is stale, so dropping costs O(1) per frame.
  trim() {
    const newest = this.frames[this.frames.length - 1].t;
    let stale = 0;
    while (newest - this.frames[stale].t > WINDOW_S * 1000) stale++;
    if (stale * 2 < this.frames.length) return stale;
    this.frames = this.frames.slice(stale);
    this.first += stale;
    return 0;
  }

  // The check every half second or so: the window's reps merged into the settled ones,
  // the posture flags of the window, and for a hold the seconds held.
  check() {
    if (this.count < 10) return null;
    const skip = this.trim();
    const frames = skip ? this.frames.slice(skip) : this.frames;
    const s = cleanSeries(seriesOf(frames, this.first + skip));
    const fresh = analyseExercise(this.doc, this.exercise, s, this.view);
    const last = this.first + this.frames.length - 1;
    this.reps = settledReps(this.reps, fresh.reps, last, s.fps);
    const ctx = workingSide(ruleFor(this.doc, this.exercise, this.view).side_rule, s);
    const ok = ctx ? postureOf(this.rule, s, ctx, this.doc.posture_limits) : s.xyz.map(() => false);
    const sagging = this.rule.hold && ctx ? this.hold(s, ctx, ok, this.first + skip) : false;
    return { side: fresh.side, reps: this.reps, ok, fps: s.fps, sagging };
  }

  // A hold counts only while the posture is right: in position, lifted, not sagging.
  // Frames settle SETTLE_S after they were seen; their held time is added once.
  hold(s, ctx, ok, start) {
    const rule = this.rule, sag = rule.faults[0];
    const lift = signal(rule.angle, s, ctx), dev = signal(sag.signal, s, ctx);
    const held = (i) => ok[i] && lift[i] >= rule.min_range_deg && sag.sign * dev[i] <= sag.threshold;
    const frames = this.frames, offset = start - this.first;
    const n = s.xyz.length, settleBefore = start + n - Math.round(s.fps * SETTLE_S);
    let tail = 0;
    for (let k = Math.max(this.heldUpTo, start + 1); k < start + n; k++) {
      const i = k - start, gap = frames[offset + i].t - frames[offset + i - 1].t;
      const add = held(i) ? gap : 0;
      if (k < settleBefore) this.heldMs += add;
      else tail += add;
    }
    this.heldUpTo = Math.max(this.heldUpTo, settleBefore);
    this.holdMs = this.heldMs + tail;
    return ok[n - 1] && sag.sign * dev[n - 1] > sag.threshold;
  }
}
