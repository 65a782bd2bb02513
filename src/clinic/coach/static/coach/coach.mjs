// The live form coach: pose estimation in this browser from the site's own files, set-up
// checks, live repetition counting, posture-gated holds and one cue at a time. Only the
// finished set's numbers leave the device (POST to the save URL); the camera picture never
// does. The form check itself is analysis.mjs, the same analysis as the offline video one.
import { postureOf, ruleFor, workingSide, LANDMARK_INDEX as L } from "./analysis.mjs";
import { LiveSet } from "./live_set.mjs";

const root = document.getElementById("coach");
const $ = (id) => document.getElementById(id);
// One cue at a time, then quiet for a while (products.md §1: Physitrack's coach gives one
// cue at a time with a cooldown, so a runner is not talked over while moving).
const CUE_COOLDOWN_MS = 8000;
const SETUP_WINDOW_MS = 1000;
const SETUP_STEADY_MS = 1500;
const ANALYSE_EVERY_MS = 500;
// The form check reads the last 40 s of the set (live_set.mjs), so its cost stops growing
// after 40 s. It runs at most every 500 ms and gets at most 1/20 of the time, checking
// less often on a slow device (never less than every 1.5 s), so the pose model keeps the
// frame rate.
const MAX_ANALYSE_EVERY_MS = 1500;
const ANALYSE_TIME_SHARE = 20;
const POSTURE_LOST_MS = 2000;
const MIN_SHARE = 0.8;
// No person found for this long while setting up: the camera cannot help here (dark
// room, phone too close); offer the manual log instead of repeating the set-up cue.
const NO_POSE_MS = 10000;
const NEEDED = ["shoulder", "hip", "knee", "ankle"].flatMap((j) => [`left_${j}`, `right_${j}`]);

const state = {
  phase: "idle", frames: [], live: null, lastCue: -Infinity, cueText: "", readySince: null,
  reps: [], holdMs: 0, lastAnalysed: 0, processed: 0, detectMs: [], analyseMs: [], analyseEveryMs: ANALYSE_EVERY_MS, startedAt: 0,
  postureLostSince: null, result: null, lastPoseAt: 0, body: null, offeredByHand: false,
};
window.coachStats = { status: "idle", framesProcessed: 0, fps: 0, medianMs: 0, reps: 0, holdS: 0, phase: "idle" };

// A correction is written at once and spoken unless another was spoken within the
// cooldown; an announcement (the set starts) is spoken without touching the cooldown.
function say(text, { announcement = false } = {}) {
  $("cue").textContent = text;
  const now = performance.now();
  if (!("speechSynthesis" in window) || window.speechSynthesis.speaking) return;
  if (!announcement && now - state.lastCue < CUE_COOLDOWN_MS) return;
  if (!announcement) state.lastCue = now;
  window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}

function seriesOf(frames) {
  const t0 = frames[0].t, span = (frames[frames.length - 1].t - t0) / 1000;
  const fps = frames.length > 1 && span > 0 ? (frames.length - 1) / span : 30;
  return { xyz: frames.map((f) => f.xyz), vis: frames.map((f) => f.vis), fps };
}

function share(flags) {
  return flags.length ? flags.filter(Boolean).length / flags.length : 0;
}

function viewOf(s, limits) {
  const ratios = s.xyz.map((f) => {
    const sh = [f[L.left_shoulder], f[L.right_shoulder]], hp = [f[L.left_hip], f[L.right_hip]];
    const width = Math.hypot(sh[0][0] - sh[1][0], sh[0][1] - sh[1][1]);
    const torso = Math.hypot((sh[0][0] + sh[1][0] - hp[0][0] - hp[1][0]) / 2, (sh[0][1] + sh[1][1] - hp[0][1] - hp[1][1]) / 2);
    return width / torso;
  }).filter(Number.isFinite).sort((a, b) => a - b);
  if (!ratios.length) return "oblique";
  const ratio = ratios[Math.floor(ratios.length / 2)];
  if (ratio < limits.side_max_width_ratio) return "side";
  return ratio < limits.frontal_min_width_ratio ? "oblique" : "front";
}

function setupChecks(doc, rule, frames, size) {
  const s = seriesOf(frames);
  const inFrame = frames.map((f) => NEEDED.every((n) => {
    const p = f.xyz[L[n]];
    return f.vis[L[n]] >= 0.5 && p[0] >= 0 && p[0] <= size.w && p[1] >= 0 && p[1] <= size.h;
  }));
  const view = viewOf(s, doc.view_limits);
  const wantsSide = rule.views.includes("side");
  const ctx = workingSide(rule.side_rule, s);
  const posture = ctx ? share(postureOf(rule, s, ctx, doc.posture_limits)) : 0;
  return {
    body: share(inFrame) >= MIN_SHARE,
    view: wantsSide ? view === "side" : view === "front",
    posture: posture >= MIN_SHARE,
  };
}

const SETUP_CUES = {
  body: "Move the phone back until your whole body, head to feet, is in the picture.",
  view: "Turn so the phone sees you as in the set-up steps.",
  posture: "Get into the starting position shown in the set-up steps.",
};

function showChecks(checks) {
  for (const [name, ok] of Object.entries(checks)) {
    const item = document.querySelector(`[data-check="${name}"]`);
    item.classList.toggle("ok", ok);
    item.querySelector(".mark").textContent = ok ? "✓" : "…";
  }
}

function duringSetup(doc, rule, now, size) {
  if (now - Math.max(state.lastPoseAt, state.startedAt) > NO_POSE_MS) {
    if (!state.offeredByHand) toByHand("I cannot see anyone in the picture. Check the light and that the phone sees your whole body, or log the set by hand below.", { scroll: false });
    state.offeredByHand = true;
    return;
  }
  // Set-up reads the last second: older frames are dropped here, however long set-up takes.
  const stale = state.frames.findIndex((f) => now - f.t <= SETUP_WINDOW_MS);
  state.frames.splice(0, stale < 0 ? state.frames.length : stale);
  const recent = state.frames;
  if (recent.length < 10) return;
  const checks = setupChecks(doc, rule, recent, size);
  showChecks(checks);
  const failing = Object.keys(checks).find((k) => !checks[k]);
  if (failing) {
    state.readySince = null;
    say(SETUP_CUES[failing]);
    return;
  }
  state.readySince ??= now;
  if (now - state.readySince >= SETUP_STEADY_MS) startSet(doc, rule);
}

function startSet(doc, rule) {
  state.phase = "set";
  state.live = new LiveSet(doc, root.dataset.exercise, rule, rule.views.includes("side") ? "side" : "front");
  state.frames = [];
  state.lastCue = -Infinity;
  $("finish").disabled = false;
  say(rule.hold ? "Ready. Hold the position." : "Ready. Start your set.", { announcement: true });
}

function duringSet(rule) {
  const checked = state.live.check();
  if (!checked) return;
  const { reps, ok, fps, sagging } = checked;
  state.result = { side: checked.side, reps, view: state.live.view, fps };
  const recentOk = ok.slice(-Math.round(fps * POSTURE_LOST_MS / 1000));
  if (recentOk.length && !recentOk.some(Boolean)) say(SETUP_CUES.posture);
  if (rule.hold) {
    state.holdMs = state.live.holdMs;
    $("hold").textContent = Math.floor(state.holdMs / 1000);
    if (sagging) say(rule.faults[0].cue);
    return;
  }
  if (reps.length > state.reps.length) {
    const fault = reps[reps.length - 1].faults[0];
    if (fault) say(fault.cue || fault.message);
    else $("cue").textContent = `Rep ${reps.length}: good.`;
  }
  state.reps = reps;
  $("reps").textContent = reps.length;
}

function record(res, now, size) {
  const lm = res.landmarks && res.landmarks[0];
  if (!lm) return;
  state.lastPoseAt = now;
  const frame = {
    t: now,
    xyz: lm.map((p) => [p.x * size.w, p.y * size.h, p.z * size.w]),
    vis: lm.map((p) => (p.visibility ?? 1)),
  };
  if (state.phase === "set") state.live.push(frame);
  else state.frames.push(frame);
}

function draw(ctx2d, res, drawing, Pose) {
  // Only the skeleton: the <video> beneath shows the picture, so no frame is copied by
  // script (bench/coach.py: 5-16% less CPU per frame than drawing the video in here).
  ctx2d.clearRect(0, 0, ctx2d.canvas.width, ctx2d.canvas.height);
  for (const lm of res.landmarks || []) {
    drawing.drawConnectors(lm, Pose.POSE_CONNECTIONS, { color: "#ffffff", lineWidth: 2 });
    drawing.drawLandmarks(lm, { color: "#00c8ff", radius: 3 });
  }
}

const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)] || 0;

function stats(now) {
  const seconds = (now - state.startedAt) / 1000;
  Object.assign(window.coachStats, {
    status: "running", phase: state.phase, framesProcessed: state.processed,
    fps: seconds > 0 ? state.processed / seconds : 0, medianMs: median(state.detectMs),
    analyseMs: median(state.analyseMs),
    reps: state.reps.length, holdS: state.holdMs / 1000,
  });
  $("fps").textContent = `${window.coachStats.fps.toFixed(1)} frames/s analysed on this device`;
}

async function loadModel() {
  const vendor = root.dataset.vendor;
  const { FilesetResolver, PoseLandmarker, DrawingUtils } = await import(`${vendor}vision_bundle.mjs`);
  const fileset = await FilesetResolver.forVisionTasks(new URL(`${vendor}wasm`, location.href).href);
  const landmarker = await PoseLandmarker.createFromOptions(fileset, {
    baseOptions: {
      modelAssetPath: `${vendor}pose_landmarker_${root.dataset.model || "lite"}.task`,
      delegate: root.dataset.delegate || "CPU",
    },
    runningMode: "VIDEO", numPoses: 1,
  });
  return { landmarker, DrawingUtils, PoseLandmarker };
}

function frameLoop(doc, rule, video, model) {
  // rVFC only notes the newest frame; detection runs from a timer so whole frames are
  // never dropped by blocking the rendering steps (browser-pose.md §4).
  const canvas = $("overlay"), ctx2d = canvas.getContext("2d");
  const drawing = new model.DrawingUtils(ctx2d);
  const size = { w: video.videoWidth, h: video.videoHeight };
  canvas.width = size.w; canvas.height = size.h;
  let newest = -1, done = -1, lastTs = -1, idle = false;
  // The next step is posted to a MessageChannel, not setTimeout(0): chained timers are
  // clamped to 4 ms each after five levels, a sixth of a 25 frames/s budget spent idle.
  const channel = new MessageChannel();
  const soon = () => channel.port2.postMessage(null);
  const onFrame = (_now, meta) => {
    newest = meta.mediaTime;
    video.requestVideoFrameCallback(onFrame);
    if (idle) { idle = false; soon(); }
  };
  video.requestVideoFrameCallback(onFrame);
  state.startedAt = performance.now();
  const step = () => {
    if (state.phase === "done") return;
    if (newest === done) { idle = true; return; }  // the next camera frame wakes the loop
    done = newest;
    const ts = Math.max(performance.now(), lastTs + 0.001);
    lastTs = ts;
    const res = model.landmarker.detectForVideo(video, ts);
    state.detectMs.push(performance.now() - ts);
    if (state.detectMs.length > 300) state.detectMs.shift();
    state.processed += 1;
    record(res, ts, size);
    draw(ctx2d, res, drawing, model.PoseLandmarker);
    if (ts - state.lastAnalysed >= state.analyseEveryMs) {
      state.lastAnalysed = ts;
      const began = performance.now();
      if (state.phase === "setup") duringSetup(doc, rule, ts, size);
      else if (state.phase === "set") duringSet(rule);
      const cost = performance.now() - began;
      state.analyseEveryMs = Math.min(MAX_ANALYSE_EVERY_MS, Math.max(ANALYSE_EVERY_MS, ANALYSE_TIME_SHARE * cost));
      state.analyseMs.push(cost);
      if (state.analyseMs.length > 60) state.analyseMs.shift();
      stats(ts);
    }
    soon();
  };
  channel.port1.onmessage = step;
  soon();
}

function payload(doc) {
  const r = state.result || { reps: [], side: null, view: "front", fps: 0 };
  const rule = doc.exercises[root.dataset.exercise];
  return {
    exercise: root.dataset.exercise, rules_version: doc.version, view: r.view, side: r.side,
    reps: rule.hold ? [] : r.reps.map((rep) => ({
      range_deg: rep.range_deg, up_s: rep.up_s, hold_s: rep.hold_s, down_s: rep.down_s,
      faults: rep.faults.map((f) => f.code),
    })),
    hold_s: rule.hold ? state.holdMs / 1000 : null,
    duration_s: state.live.durationS, frames_analysed: state.live.count, frames_per_s: r.fps,
  };
}

function summarise(doc, body) {
  const list = $("summary");
  const faults = {};
  body.reps.forEach((rep) => rep.faults.forEach((c) => { faults[c] = (faults[c] || 0) + 1; }));
  const lines = body.hold_s !== null
    ? [`Held in good position: ${Math.round(body.hold_s)} s`]
    : [`Repetitions: ${body.reps.length}`];
  if (body.reps.length) {
    const ranges = body.reps.map((r) => r.range_deg).sort((a, b) => a - b);
    const tempo = body.reps.map((r) => r.up_s + r.hold_s + r.down_s).sort((a, b) => a - b);
    lines.push(`Typical range: ${ranges[Math.floor(ranges.length / 2)].toFixed(0)}° (±${doc.angle_uncertainty_deg}°, a 2-D camera angle)`);
    lines.push(`Typical rep: ${tempo[Math.floor(tempo.length / 2)].toFixed(1)} s`);
  }
  for (const [code, n] of Object.entries(faults)) lines.push(`${code.replaceAll("_", " ")}: ${n} of ${body.reps.length} reps`);
  list.replaceChildren(...lines.map((t) => Object.assign(document.createElement("li"), { textContent: t })));
  list.hidden = false;
}

function toByHand(text, { scroll = true } = {}) {
  // The manual fallback: the runner counts and logs the set with the form below.
  $("cue").textContent = text;
  if (!scroll) return;  // still setting up: say it, but do not move the page
  const form = $("by-hand");
  form.scrollIntoView({ block: "nearest" });
  form.querySelector("input")?.focus({ preventScroll: true });
}

function finish(doc) {
  const wasSet = state.phase === "set";
  state.phase = "done";
  $("finish").disabled = true;
  if (!wasSet) {
    toByHand("The set had not started, so nothing was counted. If you did a set, log it by hand below.");
    return;
  }
  state.body = payload(doc);
  summarise(doc, state.body);
  $("save-form").hidden = false;
  $("save-form").querySelector("input").focus();
}

// Why a save failed, in words: the site's own reason (it names the field), or what went
// wrong on the way (no connection, a page that is not the site's answer).
async function refusal(response) {
  if (!response) return "the site could not be reached";
  try {
    const answer = await response.json();
    if (typeof answer.error === "string" && answer.error) return answer.error;
  } catch { /* not the save view's JSON: a proxy's or the log-in page */ }
  return `the site answered ${response.status} ${response.statusText}`.trim();
}

async function postSet(pain) {
  try {
    return await fetch(root.dataset.save, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify({ set: state.body, pain: Number(pain) }),
    });
  } catch {
    return null;  // offline: the set stays on the page for another try
  }
}

async function saveSet(event) {
  event.preventDefault();
  const pain = new FormData(event.target).get("live-pain");
  const saved = $("saved");
  saved.hidden = false;
  if (pain === null) {
    saved.textContent = "Choose the pain during the set (0 to 10) first.";
    return;
  }
  const button = event.target.querySelector("button[type=submit]");
  button.disabled = true;
  const response = await postSet(pain);
  button.disabled = false;
  if (response && response.ok) {
    const answer = await response.json();
    $("save-form").hidden = true;
    const link = Object.assign(document.createElement("a"), { href: answer.log, textContent: "See today's session" });
    saved.replaceChildren("Saved in today's session of your rehab log. ", link);
    window.coachStats.status = "saved";
    return;
  }
  // The set's numbers stay in state.body and the form stays open: pressing save again
  // sends the same set, which helps when the site was out of reach or failed (5xx).
  // A refusal (4xx) would come again: the runner is sent to the hand log instead.
  const why = await refusal(response);
  if (response && response.status >= 400 && response.status < 500) {
    saved.textContent = `The coach's count of this set could not be saved (${why}). Please log the set by hand below.`;
    toByHand("Log this set by hand below: your count and pain go into today's session.");
  } else {
    saved.textContent = `This set could not be saved: ${why}. Your set is kept; try again.`;
  }
  window.coachStats.status = "refused";
}

async function start() {
  $("start").disabled = true;
  window.coachStats.status = "loading";
  try {
    const doc = await (await fetch(root.dataset.rules)).json();
    const rule = ruleFor(doc, root.dataset.exercise, doc.exercises[root.dataset.exercise].views[0]);
    const video = $("camera");
    const [model, stream] = await Promise.all([
      loadModel(), navigator.mediaDevices.getUserMedia({
        // About 640 px is all the model uses (it looks at 256x256); a phone's full HD
        // picture would only cost more to copy into the model every frame.
        video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } }, audio: false,
      }),
    ]);
    video.srcObject = stream;
    await video.play();
    state.phase = "setup";
    $("finish").addEventListener("click", () => finish(doc));
    frameLoop(doc, rule, video, model);
  } catch (error) {
    window.coachStats.status = "error";
    toByHand(`The camera coach cannot start here (${error.message}). Count yourself and log the set by hand below.`);
  }
}

$("start").addEventListener("click", start);
$("save-form").addEventListener("submit", saveSet);
